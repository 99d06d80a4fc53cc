/*
 * 3-counter.c - N threads add 1 to a shared counter K times each, under
 * a mutex: the count ends at exactly N x K.  counter_lock is held around
 * the whole read-add-write; chaos_point() marks where another thread
 * could run in between (the grader's chaos scheduling yields there).
 *
 *     lock = Lock()
 *     def work(k):
 *         global counter
 *         for _ in range(k):
 *             with lock: counter += 1
 *
 * Usage: 3-counter [N K]   (default 4 1000)
 */
#include "thread.h"
#include "proclab.h"
#include "chaos.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define MAXN 64

static long counter;                    /* protected by counter_lock */
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;

static void work(void *arg)
{
	long k = *(long *)arg, x;

	/* slide: locked */
	for (long j = 0; j < k; j++) {
		pthread_mutex_lock(&counter_lock);
		x = counter;
		chaos_point();          /* read ... another thread may run here ... */
		counter = x + 1;        /* ... write back */
		pthread_mutex_unlock(&counter_lock);
	}
	/* slide end */
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 4;
	long k = argc > 2 ? atol(argv[2]) : 1000;
	struct thread ts[MAXN];

	if (n < 1 || n > MAXN || k < 1)
		n = 4, k = 1000;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("main: %d threads x %ld increments, with the lock\n", n, k);
	for (int i = 0; i < n; i++) {
		thread_init(&ts[i], NULL, work, &k);
		if (thread_start(&ts[i]) < 0)
			unix_error("thread_start");
	}
	for (int i = 0; i < n; i++)
		if (thread_join(&ts[i], NO_TIMEOUT) < 0)
			unix_error("thread_join");
	printf("main: final count %ld (expected %ld)\n", counter, n * k);
	return 0;
}
