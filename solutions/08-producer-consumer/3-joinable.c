/*
 * 3-joinable.c - JoinableQueue: the parent puts work and waits, with
 * join, until every item has been got AND done.
 *
 *     def worker(q, w):
 *         while True:
 *             item = q.get()
 *             if item is None:
 *                 q.task_done()
 *                 break
 *             time.sleep(0.1)             # the work
 *             print(f"worker {w}: done {item}")
 *             q.task_done()
 *
 *     q = JoinableQueue()
 *     ...start 2 workers...
 *     for i in range(10): q.put(i)
 *     q.join()                            # every task_done has been called
 *     print("parent: join returned")
 *     for w in workers: q.put(None)
 *     for w in workers: w.join()
 *
 * join returns only after the last task_done, and a worker calls
 * task_done only after its work: so every "done" line comes before
 * "join returned".  The workers are still there after the join (waiting
 * in get); the sentinels end them.
 *
 * Usage: 3-joinable [WORKERS ITEMS WORK]   (default 2 10 0.1)
 */
#include "prodcons.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXPROC 16

struct worker {
	int w;          /* the worker's number */
	double work;    /* units each item takes */
};

static int do_item(void *arg, const char *item, size_t len)
{
	struct worker *me = arg;

	(void)len;
	sleep_units(me->work);
	printf("worker %d: done %s\n", me->w, item);
	return 0;
}

static void worker(struct jqueue *q, struct worker *me)
{
	long n = pc_work(q, do_item, me);

	if (n < 0)
		unix_error("pc_work");
	printf("worker %d exits after %ld items\n", me->w, n);
}

int main(int argc, char **argv)
{
	int nw = argc > 1 ? atoi(argv[1]) : 2, items = argc > 2 ? atoi(argv[2]) : 10;
	struct worker me = { 0, argc > 3 ? atof(argv[3]) : 0.1 };
	pid_t workers[MAXPROC];
	struct jqueue *q;
	char item[16];

	if (nw < 1 || nw > MAXPROC || items < 0) {
		fprintf(stderr, "usage: %s [WORKERS ITEMS WORK]\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((q = jqueue_create(0)) == NULL)
		unix_error("jqueue_create");
	for (me.w = 0; me.w < nw; me.w++)
		if ((workers[me.w] = Fork()) == 0) {
			worker(q, &me);
			exit(0);
		}
	printf("parent: putting %d items\n", items);
	for (int i = 0; i < items; i++) {
		snprintf(item, sizeof item, "%d", i);
		if (jqueue_put(q, item, strlen(item)) < 0)
			unix_error("jqueue_put");
	}
	if (jqueue_join(q) < 0)
		unix_error("jqueue_join");
	printf("parent: join returned\n");
	for (int w = 0; w < nw; w++)
		if (jqueue_put(q, NULL, PC_NONE) < 0)
			unix_error("jqueue_put");
	for (int w = 0; w < nw; w++)
		Waitpid(workers[w], NULL, 0);
	printf("parent: all workers exited\n");
	if (jqueue_destroy(q) < 0)
		unix_error("jqueue_destroy");
	return 0;
}
