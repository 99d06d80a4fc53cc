/*
 * 3-callbacks.c - a callback runs in the parent, once, and pool_get of
 * its result returns only after it.  Here each callback takes 1 unit
 * (think: it stores the result somewhere slow), so a get that did not
 * wait for its callback would print before the callback's last line.
 * Callbacks run one after another on the pool's one result-handler
 * thread: a slow callback holds up every result behind it.
 *
 *     def cb(y):
 *         print(f"callback {y} begins"); time.sleep(1); print(f"callback {y} ends")
 *
 *     with Pool(3) as p:
 *         rs = [p.apply_async(f, (x,), callback=cb) for x in range(4)]
 *         for r in rs:
 *             print(f"get returned {r.get()}")
 */
#include "pool.h"
#include "proclab.h"

#include <stdio.h>

#define N 4

static int f(long x, long *y)
{
	sleep_units(0.5);
	*y = 10 + x;            /* a result that names its task */
	return 0;
}

static void cb(long y, void *ctx)
{
	int *calls = ctx;       /* the parent's memory: cb runs in the parent */

	(*calls)++;
	printf("callback %ld begins\n", y);
	sleep_units(1);
	printf("callback %ld ends\n", y);
}

int main(void)
{
	struct pool_result *rs[N];
	struct pool *p;
	int calls = 0;
	long y;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((p = pool_create(3)) == NULL)
		unix_error("pool_create");
	for (long x = 0; x < N; x++)
		if ((rs[x] = pool_apply_async(p, f, x, cb, &calls)) == NULL)
			unix_error("pool_apply_async");
	for (int i = 0; i < N; i++) {
		if (pool_get(rs[i], NO_TIMEOUT, &y) < 0)
			unix_error("pool_get");
		printf("get returned %ld\n", y);
	}
	if (pool_close(p) < 0 || pool_join(p) < 0)
		unix_error("pool_join");
	printf("parent: %d callbacks ran here\n", calls);
	for (int i = 0; i < N; i++)
		pool_result_free(rs[i]);
	if (pool_free(p) < 0)
		unix_error("pool_free");
	return 0;
}
