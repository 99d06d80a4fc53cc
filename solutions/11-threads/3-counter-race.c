/*
 * 3-counter-race.c - the broken twin of 3-counter.c: the same threads
 * and increments, with no lock.  Two threads read the same count, both
 * write count + 1, and one update is lost.  Built as the grader builds
 * this lab (-fsanitize=thread), ThreadSanitizer reports the data race on
 * `counter` at its first unordered access and stops the program (status
 * 66).  Built without it (cc by hand), it prints a count below N x K:
 * on two CPUs with many increments, or on one under chaos scheduling.
 *
 *     def work(k):
 *         global counter
 *         for _ in range(k):
 *             counter += 1       # read, add, write: not one step
 *
 * Usage: 3-counter-race [N K]   (default 4 1000)
 */
#include "thread.h"
#include "proclab.h"
#include "chaos.h"

#include <stdio.h>
#include <stdlib.h>

#define MAXN 64

static long counter;                    /* NOT protected: the bug */

static void work(void *arg)
{
	long k = *(long *)arg, x;

	/* slide: race */
	for (long j = 0; j < k; j++) {
		x = counter;
		chaos_point();          /* another thread may run here */
		counter = x + 1;
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
	printf("main: %d threads x %ld increments, no lock\n", n, k);
	for (int i = 0; i < n; i++) {
		thread_init(&ts[i], NULL, work, &k);
		if (thread_start(&ts[i]) < 0)
			unix_error("thread_start");
	}
	for (int i = 0; i < n; i++)
		if (thread_join(&ts[i], NO_TIMEOUT) < 0)
			unix_error("thread_join");
	printf("main: final count %ld (expected %ld): %ld updates lost\n", counter, n * k,
	       n * k - counter);
	return 0;
}
