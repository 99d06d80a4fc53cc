/*
 * jqueue.c - a joinable queue shared by processes (see jqueue.h for each
 * contract).
 *
 * YOUR FILE: choose what a jqueue holds (struct jqueue), then write the
 * functions between the markers.  Keep the contracts in jqueue.h: return
 * -1 with errno on error; never print, never exit.  The messages travel
 * in YOUR lab 06 queue (queue_create, queue_put, queue_get ...).
 *
 * Helpers of yours should be `static`: only the functions the header
 * declares may be global.  The grader makes any other global name of
 * this file local (and notes it, ungraded); a global named like one of
 * the C library or the test runner (write, printf, malloc, main,
 * srunner_run_all ...) is refused: the lab would score 0.
 *
 * What the count needs:
 *
 *   - one count for every process: it lives in shared memory, mapped
 *     before fork (mmap MAP_SHARED | MAP_ANONYMOUS), as the queue does.
 *     A count in a global or in malloc'd memory is copied by fork: the
 *     consumers' task_done would count down their own copies, and the
 *     parent's join would wait for ever;
 *   - a lock around it: put, task_done and join are called from several
 *     processes at once, and "count--, then was it the last?" is two
 *     steps;
 *   - a way to sleep until it is 0.  The reference, like CPython's
 *     JoinableQueue (a Condition around a semaphore), uses a
 *     process-shared pthread mutex and condition variable: task_done
 *     broadcasts when the count reaches 0, and join waits in a loop
 *     ("while (count > 0) wait"), since a wake-up only says "look
 *     again".  A semaphore or a futex on the count works too.
 *
 * Raise the count BEFORE the message goes into the queue: if it were
 * raised after, a consumer could get the message and call task_done
 * first -- and find the count at 0 (EINVAL), or let a join return while
 * the item is still being worked on.
 */
#define _GNU_SOURCE
#include "jqueue.h"

#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>

/* ===== YOUR CODE HERE: replace the stub below ===== */
struct jqueue {
	struct queue *q;
};
/* ===== END OF YOUR CODE ===== */

struct jqueue *jqueue_create(int maxsize)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)maxsize;
	errno = ENOSYS;
	return NULL;
	/* ===== END OF YOUR CODE ===== */
}

int jqueue_put(struct jqueue *q, const void *msg, size_t len)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)q;
	(void)msg;
	(void)len;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int jqueue_get(struct jqueue *q, void *buf, size_t size, size_t *len)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)q;
	(void)buf;
	(void)size;
	(void)len;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int jqueue_task_done(struct jqueue *q)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)q;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int jqueue_join(struct jqueue *q)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)q;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int jqueue_unfinished(struct jqueue *q)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)q;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int jqueue_destroy(struct jqueue *q)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)q;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}
