/*
 * shared-global.c - the thread-start figure's second panel: a global
 * counter, incremented K times by each of N threads (the kit's thread.c,
 * lab 11), then by each of N child processes (fork).  The threads share
 * the process's memory: the main thread sees N x K.  Each child adds to
 * its own copy (lab 01): it sees K, the parent still sees 0.
 *
 * Usage: shared-global N K
 * Prints two lines:
 *     threads N MAIN_SEES
 *     processes N PARENT_SEES CHILD_SEES   (CHILD_SEES: the most any child saw)
 */
#include "thread.h"
#include "proclab.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define MAXN 16

static long counter;                    /* protected by counter_lock among threads */
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long k;

static void add(void *arg)
{
	(void)arg;
	for (long j = 0; j < k; j++) {
		pthread_mutex_lock(&counter_lock);
		counter++;
		pthread_mutex_unlock(&counter_lock);
	}
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[1]) : 0, fds[2];
	struct thread ts[MAXN];
	long seen, most = 0;

	k = argc > 2 ? atol(argv[2]) : 0;
	if (n < 1 || n > MAXN || k < 1) {
		fprintf(stderr, "usage: %s N(1..%d) K\n", argv[0], MAXN);
		return 2;
	}
	for (int i = 0; i < n; i++) {
		thread_init(&ts[i], NULL, add, NULL);
		if (thread_start(&ts[i]) < 0)
			unix_error("thread_start");
	}
	for (int i = 0; i < n; i++)
		if (thread_join(&ts[i], NO_TIMEOUT) < 0)
			unix_error("thread_join");
	printf("threads %d %ld\n", n, counter);

	counter = 0;
	fflush(stdout);                 /* else each child prints the line again */
	if (pipe(fds) < 0)
		unix_error("pipe");
	for (int i = 0; i < n; i++)
		if (Fork() == 0) {
			add(NULL);      /* one thread here: the lock is free */
			if (write(fds[1], &counter, sizeof counter) != sizeof counter)
				unix_error("write");
			_exit(0);
		}
	close(fds[1]);
	while (read(fds[0], &seen, sizeof seen) == sizeof seen)
		most = seen > most ? seen : most;
	for (int i = 0; i < n; i++)
		Waitpid(-1, NULL, 0);
	printf("processes %d %ld %ld\n", n, counter, most);
	return 0;
}
