/*
 * 3-counter.c - N processes add 1 to a shared counter K times each,
 * holding the counter's lock around each read-modify-write: the count
 * ends at exactly N x K.  Compare with 3-counter-race.c.
 *
 *     counter = Value('i', 0)
 *     def work(counter, k):
 *         for _ in range(k):
 *             with counter.get_lock():
 *                 counter.value += 1
 *     ps = [Process(target=work, args=(counter, K)) for _ in range(N)]
 *
 * Between the read and the write each worker sleeps a little (the
 * "window", 100 us by default): that makes the race of the unlocked twin
 * show on every run, on any machine.  Here the lock is held across it,
 * so no other worker can read the counter meanwhile.
 *
 * Usage: 3-counter [N K WINDOW_US]   (default 4 100 100)
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

	/* slide: locked */
	for (int j = 0; j < k; j++) {
		if (value_lock(counter) < 0)
			unix_error("value_lock");
		x = value_get_int(counter);
		window(us);
		if (value_set_int(counter, x + 1) < 0)
			unix_error("value_set_int");
		if (value_unlock(counter) < 0)
			unix_error("value_unlock");
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

	if (n < 1 || n > MAXN || k < 0) {
		fprintf(stderr, "usage: %s [N(1..%d) K WINDOW_US]\n", argv[0], MAXN);
		return 2;
	}
	/* Line-buffered: nothing sits in the buffer at fork to be copied. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* slide: shared */
	/* Made before fork, so every worker inherits the same counter. */
	if ((counter = value_new(SH_INT, 1)) == NULL)
		unix_error("value_new");
	printf("parent: %d processes x %d increments, with the lock\n", n, k);
	for (int i = 0; i < n; i++) {
		if ((pids[i] = Fork()) == 0) {
			work(counter, k, us);
			exit(0);
		}
	}
	for (int i = 0; i < n; i++)
		Waitpid(pids[i], NULL, 0);
	/* slide end */
	printf("parent: final count %d (expected %d)\n", value_get_int(counter), n * k);
	if (value_free(counter) < 0)
		unix_error("value_free");
	return 0;
}
