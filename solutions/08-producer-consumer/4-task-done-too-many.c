/*
 * 4-task-done-too-many.c - task_done once more than items were put is
 * an error, as in Python:
 *
 *     q = JoinableQueue()
 *     q.put("job")
 *     q.get()
 *     q.task_done()
 *     q.task_done()       # ValueError: task_done() called too many times
 *
 * In C the error is -1 with errno EINVAL, and the count stays at 0: a
 * join after it still returns at once.
 */
#include "jqueue.h"
#include "proclab.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	struct jqueue *q;
	char buf[16];
	size_t len;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((q = jqueue_create(0)) == NULL)
		unix_error("jqueue_create");
	if (jqueue_put(q, "job", 3) < 0 || jqueue_get(q, buf, sizeof buf, &len) < 0)
		unix_error("jqueue_put/get");
	printf("got %.*s\n", (int)len, buf);
	if (jqueue_task_done(q) < 0)
		unix_error("jqueue_task_done");
	printf("first task_done: ok\n");
	if (jqueue_task_done(q) == 0)
		printf("second task_done: accepted (it must not be)\n");
	else if (errno == EINVAL)
		printf("second task_done: ValueError (task_done() called too many times)\n");
	else
		unix_error("jqueue_task_done");
	if (jqueue_join(q) < 0)
		unix_error("jqueue_join");
	printf("join returned\n");
	if (jqueue_destroy(q) < 0)
		unix_error("jqueue_destroy");
	return 0;
}
