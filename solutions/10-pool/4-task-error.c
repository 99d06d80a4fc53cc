/*
 * 4-task-error.c - errors come back to the caller.  A task's error
 * number is what pool_get (apply, map) returns in errno, as Python's get
 * re-raises the task's exception; a pool of 0 workers and a task after
 * close are refused (Python's ValueError; EINVAL here).
 *
 *     def isqrt(x):
 *         if x < 0: raise ValueError("math domain error")
 *         return math.isqrt(x)
 *
 *     p.apply(isqrt, (-4,))            # raises ValueError in the parent
 *     Pool(0)                          # ValueError
 *     p.close(); p.apply_async(...)    # ValueError: Pool not running
 */
#include "pool.h"
#include "proclab.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* The whole square root of x; EDOM for x < 0 (Python's ValueError). */
static int isqrt(long x, long *y)
{
	long r = 0;

	if (x < 0)
		return EDOM;
	while ((r + 1) * (r + 1) <= x)
		r++;
	*y = r;
	return 0;
}

static void apply(struct pool *p, long x)
{
	long y;

	if (pool_apply(p, isqrt, x, &y) == 0)
		printf("apply(isqrt, %ld) = %ld\n", x, y);
	else
		printf("apply(isqrt, %ld) failed: %s\n", x, strerror(errno));
}

int main(void)
{
	long xs[6] = { 1, 4, 9, -1, 25, -36 }, ys[6];
	struct pool *p;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (pool_create(0) == NULL)
		printf("pool_create(0) failed: %s\n", strerror(errno));
	if ((p = pool_create(2)) == NULL)
		unix_error("pool_create");
	apply(p, 16);
	apply(p, -4);
	if (pool_map(p, isqrt, xs, 6, 1, ys) < 0)
		printf("map failed: %s; ys[2] = %ld, ys[4] = %ld\n", strerror(errno),
		       ys[2], ys[4]);
	if (pool_close(p) < 0)
		unix_error("pool_close");
	if (pool_apply_async(p, isqrt, 1, NULL, NULL) == NULL)
		printf("apply_async after close failed: %s\n", strerror(errno));
	if (pool_join(p) < 0 || pool_free(p) < 0)
		unix_error("pool_join");
	printf("parent: joined\n");
	return 0;
}
