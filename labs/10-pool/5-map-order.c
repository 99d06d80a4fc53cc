/*
 * 5-map-order.c - map returns its list in input order, though here the
 * tasks finish in nearly the reverse order: item i sleeps (N - i) / N
 * units, so the last items, short, finish first.  Each item runs once,
 * in chunks of CHUNKSIZE items, never more than WORKERS at once.
 *
 * Usage: 5-map-order [N [WORKERS [CHUNKSIZE]]]   (default 12 4 1)
 */
#include "pool.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>

static long n = 12;

static int f(long x, long *y)
{
	printf("item %ld start\n", x);
	sleep_units((double)(n - x) / n);
	printf("item %ld end\n", x);
	*y = x * x;
	return 0;
}

int main(int argc, char **argv)
{
	int workers = argc > 2 ? atoi(argv[2]) : 4;
	size_t chunk = argc > 3 ? strtoul(argv[3], NULL, 10) : 1;
	struct pool *p;
	long *xs, *ys;

	if (argc > 1)
		n = atol(argv[1]);
	if (n < 1 || (xs = calloc(n, sizeof *xs)) == NULL ||
	    (ys = calloc(n, sizeof *ys)) == NULL) {
		fprintf(stderr, "usage: %s [N >= 1 [WORKERS [CHUNKSIZE]]]\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (long i = 0; i < n; i++)
		xs[i] = i;
	if ((p = pool_create(workers)) == NULL)     /* before fork: n is set */
		unix_error("pool_create");
	if (pool_map(p, f, xs, n, chunk, ys) < 0)
		unix_error("pool_map");
	printf("map:");
	for (long i = 0; i < n; i++)
		printf(" %ld", ys[i]);
	printf("\n");
	if (pool_close(p) < 0 || pool_join(p) < 0 || pool_free(p) < 0)
		unix_error("pool_join");
	free(xs);
	free(ys);
	return 0;
}
