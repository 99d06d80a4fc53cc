/*
 * 4-blocking.c - put waits while the queue is full, get while it is empty,
 * and each is woken by the other side, not by a clock.
 *
 *     q = Queue(2); q.put(b"a"); q.put(b"b")   # full
 *     parent: q.put(b"c")   blocks ...  child (2 units later): q.get()
 *             ... returns right after the child's get
 *     child:  q.get() x 2, then q.get() blocks on the empty queue ...
 *     parent (2 units later): q.put(b"d")  -> the child's get returns "d"
 */
#include "queue.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put(struct queue *q, const char *s)
{
	if (queue_put(q, s, strlen(s)) < 0)
		unix_error("queue_put");
}

static void get(struct queue *q, const char *who)
{
	char msg[QUEUE_MSG_MAX + 1];
	size_t len;

	if (queue_get(q, msg, sizeof msg - 1, &len) < 0)
		unix_error("queue_get");
	msg[len] = '\0';
	printf("%s: got %s\n", who, msg);
}

static void child(struct queue *q)
{
	sleep_units(2);                 /* the parent's put waits meanwhile */
	printf("child: get\n");
	get(q, "child");
	get(q, "child");
	get(q, "child");
	printf("child: get blocks while empty ...\n");
	get(q, "child");                /* "d", once the parent puts it */
}

int main(void)
{
	struct queue *q;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((q = queue_create(2)) == NULL)
		unix_error("queue_create");
	/* slide: blocking */
	put(q, "a");
	put(q, "b");
	printf("parent: put a, b: full\n");
	if ((pid = Fork()) == 0) {
		child(q);
		exit(0);
	}
	printf("parent: put(c) blocks while full ...\n");
	put(q, "c");
	printf("parent: put(c) returned\n");
	sleep_units(2);                 /* the child's third get waits meanwhile */
	printf("parent: put(d)\n");
	put(q, "d");
	/* slide end */
	Waitpid(pid, NULL, 0);
	printf("parent: child joined\n");
	if (queue_destroy(q) < 0)
		unix_error("queue_destroy");
	return 0;
}
