/*
 * 3-counter-race.c - WRONG on purpose: the same counter with no lock
 * (a raw value, Python's lock=False).  Two workers read the same count,
 * both write back count + 1, and one increment is lost: the final count
 * falls short of N x K.  Compare with 3-counter.c.
 *
 *     counter = Value('i', 0, lock=False)
 *     def work(counter, k):
 *         for _ in range(k):
 *             counter.value += 1       # read, add, write: not one step
 *
 * The window (a sleep of WINDOW_US between the read and the write)
 * makes the race show on every run.  Without it (WINDOW_US = 0) the
 * read-modify-write takes a few nanoseconds and is rarely interrupted:
 * on one CPU, try a million increments to see a lost one.
 *
 * Usage: 3-counter-race [N K WINDOW_US]   (default 4 100 100)
 */
#include "proclab.h"
#include "shvalue.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define MAXN 32

/* Sleep us microseconds: the gap between reading and writing back. */
static void window(long us)
{
	struct timespec t = { us / 1000000, us % 1000000 * 1000 };

	if (us > 0)
		nanosleep(&t, NULL);    /* cut short by a signal: still a gap */
}

static void work(struct shvalue *counter, int k, long us)
{
	int x;

	/* slide: race */
	for (int j = 0; j < k; j++) {
		x = value_get_int(counter);
		window(us);     /* meanwhile the others read the same x */
		if (value_set_int(counter, x + 1) < 0)
			unix_error("value_set_int");
	}
	/* slide end */
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 4;
	int k = argc > 2 ? atoi(argv[2]) : 100;
	long us = argc > 3 ? atol(argv[3]) : 100;
	struct shvalue *counter;
	pid_t pids[MAXN];
	int x;

	if (n < 1 || n > MAXN || k < 0) {
		fprintf(stderr, "usage: %s [N(1..%d) K WINDOW_US]\n", argv[0], MAXN);
		return 2;
	}
	/* Line-buffered: nothing sits in the buffer at fork to be copied. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Made before fork, so every worker inherits the same counter. */
	if ((counter = value_new(SH_INT, 0)) == NULL)
		unix_error("value_new");
	printf("parent: %d processes x %d increments, no lock\n", n, k);
	for (int i = 0; i < n; i++) {
		if ((pids[i] = Fork()) == 0) {
			work(counter, k, us);
			exit(0);
		}
	}
	for (int i = 0; i < n; i++)
		Waitpid(pids[i], NULL, 0);
	x = value_get_int(counter);
	printf("parent: final count %d (expected %d): %d updates lost\n",
	       x, n * k, n * k - x);
	if (value_free(counter) < 0)
		unix_error("value_free");
	return 0;
}
