/*
 * 2-exchange.c - parent -> child -> parent: two queues, one each way.
 *
 *     to_child, to_parent = Queue(), Queue()
 *     parent: to_child.put(b"hello")
 *     child:  msg = to_child.get(); to_parent.put(msg.upper())
 *     parent: to_parent.get()  -> b"HELLO"
 *
 * One queue would not do: the parent's get could take its own "hello"
 * back before the child does.  Both queues are made before fork, so the
 * child's copies of the pointers name the same shared memory.
 */
#include "queue.h"
#include "proclab.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Wait for a message on q; it is returned in buf as a string. */
static void get_string(struct queue *q, char *buf, size_t size)
{
	size_t len;

	if (queue_get(q, buf, size - 1, &len) < 0)
		unix_error("queue_get");
	buf[len] = '\0';
}

static void put_string(struct queue *q, const char *s)
{
	if (queue_put(q, s, strlen(s)) < 0)
		unix_error("queue_put");
}

static void child(struct queue *to_child, struct queue *to_parent)
{
	char msg[QUEUE_MSG_MAX + 1];

	get_string(to_child, msg, sizeof msg);
	for (char *p = msg; *p != '\0'; p++)
		*p = toupper((unsigned char)*p);
	printf("child: got the message, replying %s\n", msg);
	put_string(to_parent, msg);
}

int main(void)
{
	struct queue *to_child, *to_parent;     /* Queue(): unbounded */
	char reply[QUEUE_MSG_MAX + 1];
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((to_child = queue_create(0)) == NULL ||
	    (to_parent = queue_create(0)) == NULL)
		unix_error("queue_create");
	/* slide: exchange */
	if ((pid = Fork()) == 0) {
		child(to_child, to_parent);
		exit(0);
	}
	printf("parent: sending hello\n");
	put_string(to_child, "hello");
	get_string(to_parent, reply, sizeof reply);
	printf("parent: got %s\n", reply);
	/* slide end */
	Waitpid(pid, NULL, 0);
	if (queue_destroy(to_child) < 0 || queue_destroy(to_parent) < 0)
		unix_error("queue_destroy");
	return 0;
}
