/*
 * 1-apply-async.c - the seeds' Pool(5): six tasks of 2 units, three of
 * them with a callback.  Five start at once (one per worker), the sixth
 * when a worker is free, so the run takes about 4 units, not 12.  Each
 * callback runs in the parent, before get of its result returns.
 *
 *     def f(x):
 *         print(f"task {x} start"); time.sleep(2); print(f"task {x} end")
 *         return x * x
 *
 *     with Pool(5) as p:
 *         rs = [p.apply_async(f, (x,), callback=cb if x < 3 else None)
 *               for x in range(6)]
 *         for r in rs:
 *             print(f"get returned {r.get()}")
 */
#include "pool.h"
#include "proclab.h"

#include <stdio.h>
#include <unistd.h>

#define N 6

/* Runs in a worker: what it prints is the worker's. */
static int f(long x, long *y)
{
	printf("task %ld start\n", x);
	sleep_units(2);
	printf("task %ld end\n", x);
	*y = x * x;
	return 0;
}

/* Runs in the parent, on the pool's result-handler thread. */
static void cb(long y, void *ctx)
{
	(void)ctx;
	printf("callback got %ld\n", y);
}

int main(void)
{
	struct pool_result *rs[N];
	struct pool *p;
	long y;

	setvbuf(stdout, NULL, _IOLBF, 0);       /* each line at once */
	if ((p = pool_create(5)) == NULL)
		unix_error("pool_create");
	/* slide: apply-async */
	for (long x = 0; x < N; x++)
		if ((rs[x] = pool_apply_async(p, f, x, x < 3 ? cb : NULL, NULL)) == NULL)
			unix_error("pool_apply_async");
	for (int i = 0; i < N; i++) {
		if (pool_get(rs[i], NO_TIMEOUT, &y) < 0)
			unix_error("pool_get");
		printf("get returned %ld\n", y);
		pool_result_free(rs[i]);
	}
	/* slide end */
	/* Leaving Python's with-block: terminate (nothing is left to run). */
	if (pool_terminate(p) < 0 || pool_free(p) < 0)
		unix_error("pool_terminate");
	return 0;
}
