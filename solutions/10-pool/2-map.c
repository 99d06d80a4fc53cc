/*
 * 2-map.c - the seeds' map: eight items on five workers, 2 units each.
 * Five run, then three: about 4 units.  The list comes back in the
 * order of the input, whichever task finished first.
 *
 *     with Pool(5) as p:
 *         print(p.map(f, range(8)))       # [0, 1, 4, 9, 16, 25, 36, 49]
 *
 * Usage: 2-map [CHUNKSIZE]   (default 0: Python's default, 1 here)
 */
#include "pool.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>

#define N 8

static int f(long x, long *y)
{
	printf("task %ld start\n", x);
	sleep_units(2);
	printf("task %ld end\n", x);
	*y = x * x;
	return 0;
}

int main(int argc, char **argv)
{
	long xs[N], ys[N];
	size_t chunk = argc > 1 ? strtoul(argv[1], NULL, 10) : 0;
	struct pool *p;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 0; i < N; i++)
		xs[i] = i;
	if ((p = pool_create(5)) == NULL)
		unix_error("pool_create");
	if (pool_map(p, f, xs, N, chunk, ys) < 0)
		unix_error("pool_map");
	printf("[");
	for (int i = 0; i < N; i++)
		printf("%s%ld", i ? ", " : "", ys[i]);
	printf("]\n");
	if (pool_free(p) < 0)           /* leaving the with-block */
		unix_error("pool_free");
	return 0;
}
