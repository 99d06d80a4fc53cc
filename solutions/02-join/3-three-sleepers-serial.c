/*
 * 3-three-sleepers-serial.c - WRONG on purpose: join right after each
 * start.  Each child runs alone, so they finish in start order 3, 2, 4
 * and the run takes the sum, 9 units.  Compare with 3-three-sleepers.c.
 *
 *     for n in (3, 2, 4):
 *         p = Process(target=sleeper, args=(n,)); p.start(); p.join()
 *
 * Usage: 3-three-sleepers-serial [a b c]   (sleep units, default 3 2 4)
 */
#include "process.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>

#define N 3

struct nap {
	char name[8];
	double units;
};

static int sleeper(void *arg)
{
	struct nap *n = arg;

	sleep_units(n->units);
	printf("child %s slept %g\n", n->name, n->units);
	return 0;
}

int main(int argc, char **argv)
{
	struct nap naps[N] = { { "p1", 3 }, { "p2", 2 }, { "p3", 4 } };
	struct process ps[N];
	int i, code;

	if (argc == N + 1)
		for (i = 0; i < N; i++)
			naps[i].units = atof(argv[i + 1]);
	setvbuf(stdout, NULL, _IOLBF, 0);

	/* slide: serial */
	printf("parent: starting %d children\n", N);
	for (i = 0; i < N; i++) {
		process_init(&ps[i], naps[i].name, sleeper, &naps[i]);
		if (process_start(&ps[i]) < 0)
			unix_error("process_start");
		/* The mistake: the parent waits before starting the next one. */
		if (process_join(&ps[i], NO_TIMEOUT) < 0)
			unix_error("process_join");
		if (process_exitcode(&ps[i], &code) < 0)
			unix_error("process_exitcode");
		printf("parent: joined %s exitcode=%d\n", ps[i].name, code);
	}
	printf("parent: all joined\n");
	/* slide end */
	return 0;
}
