/*
 * WRONG (test data): BUG: pc_stop puts the sentinels FIRST and joins the
 * producers after: the sentinels land in the queue ahead of items the
 * producers have yet to put.  The consumers stop at them, and the items
 * after them are never consumed (and, the queue being bounded, a producer
 * may then wait for room for ever).
 */
#include "prodcons.h"

#include <errno.h>
#include <sys/wait.h>

/*
 * Get one message into buf (QUEUE_MSG_MAX + 1 bytes) and end it with a
 * '\0' for the handler.  Returns its length, or -1 with errno.
 */
static long get_one(int (*get)(void *, void *, size_t, size_t *), void *q, char *buf)
{
	size_t len;

	if (get(q, buf, QUEUE_MSG_MAX, &len) < 0)
		return -1;
	buf[len] = '\0';
	return (long)len;
}

static int get_plain(void *q, void *buf, size_t size, size_t *len)
{
	return queue_get(q, buf, size, len);
}

static int get_joinable(void *q, void *buf, size_t size, size_t *len)
{
	return jqueue_get(q, buf, size, len);
}

long pc_consume(struct queue *q, pc_handler *handle, void *arg)
{
	char buf[QUEUE_MSG_MAX + 1];
	long n = 0, len;

	while ((len = get_one(get_plain, q, buf)) != PC_NONE) {
		if (len < 0 || handle(arg, buf, (size_t)len) < 0)
			return -1;
		n++;
	}
	return n;       /* the sentinel: the last message this consumer gets */
}

int pc_stop(struct queue *q, const pid_t *producers, int np, int nc)
{
	int status, failed = 0;

	for (int i = 0; i < nc; i++)
		if (queue_put(q, NULL, PC_NONE) < 0)
			return -1;
	for (int i = 0; i < np; i++) {
		while (waitpid(producers[i], &status, 0) < 0)
			if (errno != EINTR)
				return -1;
		failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	}
	return failed;
}

long pc_work(struct jqueue *jq, pc_handler *handle, void *arg)
{
	char buf[QUEUE_MSG_MAX + 1];
	long n = 0, len;

	for (;;) {
		if ((len = get_one(get_joinable, jq, buf)) < 0)
			return -1;
		if (len == PC_NONE)     /* the sentinel was put: it is a task too */
			return jqueue_task_done(jq) < 0 ? -1 : n;
		if (handle(arg, buf, (size_t)len) < 0)
			return -1;
		/* Done means handled: only now may a join return. */
		if (jqueue_task_done(jq) < 0)
			return -1;
		n++;
	}
}
