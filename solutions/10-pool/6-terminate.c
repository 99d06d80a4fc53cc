/*
 * 6-terminate.c - terminate is prompt: thousands of tasks of 5 units
 * wait, four run; leaving the with-block kills the workers at once,
 * and the waiting tasks never run.
 *
 *     with Pool(4) as p:
 *         rs = [p.apply_async(f, (x,)) for x in range(5000)]
 *         time.sleep(0.5)
 *         print("leaving the with-block")     # __exit__ calls terminate()
 *     print("terminated")
 *
 * Usage: 6-terminate [TASKS]   (default 5000)
 */
#include "pool.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>

static int f(long x, long *y)
{
	printf("task %ld start\n", x);
	sleep_units(5);
	printf("task %ld end\n", x);
	*y = x;
	return 0;
}

int main(int argc, char **argv)
{
	long tasks = argc > 1 ? atol(argv[1]) : 5000, done = 0, y;
	struct pool_result **rs;
	struct pool *p;

	if (tasks < 1 || (rs = calloc(tasks, sizeof *rs)) == NULL) {
		fprintf(stderr, "usage: %s [TASKS >= 1]\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((p = pool_create(4)) == NULL)
		unix_error("pool_create");
	for (long x = 0; x < tasks; x++)
		if ((rs[x] = pool_apply_async(p, f, x, NULL, NULL)) == NULL)
			unix_error("pool_apply_async");
	printf("submitted %ld tasks\n", tasks);
	sleep_units(0.5);
	printf("leaving the with-block\n");
	if (pool_terminate(p) < 0)      /* what leaving it does */
		unix_error("pool_terminate");
	printf("terminated\n");
	/* Python's sum(r.ready() for r in rs): the cancelled are not done. */
	for (long x = 0; x < tasks; x++)
		done += pool_get(rs[x], 0, &y) == 0;
	printf("tasks done: %ld\n", done);
	for (long x = 0; x < tasks; x++)
		pool_result_free(rs[x]);
	free(rs);
	if (pool_free(p) < 0)
		unix_error("pool_free");
	return 0;
}
