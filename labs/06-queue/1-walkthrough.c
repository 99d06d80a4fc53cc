/*
 * 1-walkthrough.c - Queue(3), step by step: full after three puts, Full
 * at once or after a timeout, FIFO gets, Empty, and a closed queue.
 *
 *     q = Queue(3)
 *     q.put(b"a"); q.put(b"b"); q.put(b"c")     # full now
 *     q.put_nowait(b"d")          -> Full, at once
 *     q.put(b"d", timeout=1)      -> Full, after 1 unit
 *     q.get() x 3                 -> a, b, c: first in, first out
 *     q.get_nowait()              -> Empty, at once
 *     q.get(timeout=1)            -> Empty, after 1 unit
 *     q.close(); q.put(b"e")      -> error: the queue is closed
 */
#include "queue.h"
#include "proclab.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Python prints a bool as True or False; so do we, to compare. */
static const char *py_bool(int b)
{
	if (b < 0)
		unix_error("queue_full/queue_empty");
	return b ? "True" : "False";
}

/* Put the string s (without its '\0'): 0, or 1 when Full. */
static int put(struct queue *q, const char *s, double timeout)
{
	int r = queue_put_timeout(q, s, strlen(s), timeout);

	if (r < 0)
		unix_error("queue_put_timeout");
	return r;
}

/* Get a message into buf as a string: 0, or 1 when Empty. */
static int get(struct queue *q, char *buf, size_t size, double timeout)
{
	size_t len;
	int r = queue_get_timeout(q, buf, size - 1, &len, timeout);

	if (r < 0)
		unix_error("queue_get_timeout");
	if (r == 0)
		buf[len] = '\0';
	return r;
}

int main(void)
{
	static const char *items[] = {"a", "b", "c"};
	struct queue *q;        /* Queue(3): holds three messages at most */
	char buf[QUEUE_MSG_MAX + 1];
	int r;

	/* Line-buffered: each line is written when it happens. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((q = queue_create(3)) == NULL)
		unix_error("queue_create");
	for (int i = 0; i < 3; i++) {
		put(q, items[i], NO_TIMEOUT);
		printf("put %s qsize %d\n", items[i], queue_qsize(q));
	}
	printf("full: %s\n", py_bool(queue_full(q)));

	if ((r = queue_put_nowait(q, "d", 1)) < 0)
		unix_error("queue_put_nowait");
	if (r == 1)                                 /* at once: never waits */
		printf("put_nowait(d) -> Full\n");
	printf("put(d, timeout=1) ...\n");
	if (put(q, "d", 1) == 1)
		printf("put(d, timeout=1) -> Full\n");

	for (int i = 0; i < 3; i++)
		if (get(q, buf, sizeof buf, NO_TIMEOUT) == 0)
			printf("get -> %s\n", buf);
	printf("empty: %s\n", py_bool(queue_empty(q)));
	if ((r = queue_get_nowait(q, buf, sizeof buf, NULL)) < 0)
		unix_error("queue_get_nowait");
	if (r == 1)
		printf("get_nowait() -> Empty\n");
	printf("get(timeout=1) ...\n");
	if (get(q, buf, sizeof buf, 1) == 1)
		printf("get(timeout=1) -> Empty\n");

	if (queue_close(q) < 0)
		unix_error("queue_close");
	if (queue_put(q, "e", 1) < 0 && errno == EBADF)
		printf("put(e) after close -> closed\n");
	if (queue_destroy(q) < 0)
		unix_error("queue_destroy");
	return 0;
}
