/*
 * 4-counter-split.c - WRONG on purpose, and the trap Python sets: every
 * read and every write takes the lock, yet updates are lost.
 *
 *     counter = Value('i', 0)          # lock=True: each access is locked
 *     def work(counter, k):
 *         for _ in range(k):
 *             counter.value += 1       # a locked read, then a locked write
 *
 * Python's synchronized Value takes its lock inside .value, once for the
 * read and again for the write; between the two the lock is free, and
 * another process can read the same count.  A lock protects what happens
 * while it is held: here that is each step, never the increment.  The fix
 * is 3-counter.c, one lock around all three steps (Python: with
 * counter.get_lock(): counter.value += 1).
 *
 * Usage: 4-counter-split [N K WINDOW_US]   (default 4 100 100)
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

/* What Python's counter.value does: the lock around one access. */
static int locked_get(struct shvalue *v)
{
	int x;

	if (value_lock(v) < 0)
		unix_error("value_lock");
	x = value_get_int(v);
	if (value_unlock(v) < 0)
		unix_error("value_unlock");
	return x;
}

static void locked_set(struct shvalue *v, int x)
{
	if (value_lock(v) < 0)
		unix_error("value_lock");
	if (value_set_int(v, x) < 0)
		unix_error("value_set_int");
	if (value_unlock(v) < 0)
		unix_error("value_unlock");
}

static void work(struct shvalue *counter, int k, long us)
{
	for (int j = 0; j < k; j++) {
		int x = locked_get(counter);

		window(us);     /* the lock is free here: others read x too */
		locked_set(counter, x + 1);
	}
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
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((counter = value_new(SH_INT, 1)) == NULL)
		unix_error("value_new");
	printf("parent: %d processes x %d increments, each step locked\n", n, k);
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
