/*
 * jqueue.h - a joinable queue shared by processes, in the shape of
 * Python's multiprocessing.JoinableQueue: a lab 06 queue that also counts
 * the items put and not yet marked done.
 *
 *     Python                               C
 *     q = JoinableQueue(3)                 struct jqueue *q = jqueue_create(3);
 *     q = JoinableQueue()                  q = jqueue_create(0);
 *     q.put(b"ab")                         jqueue_put(q, "ab", 2);
 *     m = q.get()                          jqueue_get(q, buf, sizeof buf, &len);
 *     q.task_done()                        jqueue_task_done(q);
 *     ValueError: task_done() called       return -1, errno EINVAL
 *       too many times
 *     q.join()                             jqueue_join(q);
 *     (q is garbage-collected)             jqueue_destroy(q);
 *
 * Underneath is YOUR lab 06 queue (06-queue/queue.h): the grader builds
 * this lab with your 06-queue/queue.c.
 *
 * PROVIDED: do not change this file; the grader always uses its own copy.
 *
 * The count of unfinished tasks: every jqueue_put adds one (before the
 * message can be got), every jqueue_task_done takes one away, and
 * jqueue_join waits until it is 0.  It is one count for all the
 * processes that share the queue.
 *
 * What may be assumed:
 *   - jqueue_create is called BEFORE fork, as queue_create;
 *   - no process dies while inside a jqueue call.
 *
 * Functions return -1 and set errno on error; none of them prints or
 * exits.
 */
#ifndef JQUEUE_H
#define JQUEUE_H

#include <stddef.h>

#include "queue.h"

/* Opaque: its fields are jqueue.c's business, and it lives in shared memory. */
struct jqueue;

/*
 * A new, empty joinable queue of at most maxsize messages (as
 * queue_create: maxsize <= 0 holds QUEUE_MAXSIZE_MAX), with no unfinished
 * task, in memory shared with every process forked after this call.
 * Returns NULL with errno on error (queue_create's, or EINVAL, ENOMEM
 * ...), leaving nothing allocated.
 */
struct jqueue *jqueue_create(int maxsize);

/*
 * Count one more unfinished task, then queue_put the message (waiting as
 * long as the queue is full).  The count is raised first: once the
 * message can be got, its task_done must find it counted.
 * Returns 0 once the message is in the queue.
 * Errors: -1 with queue_put's errno (EMSGSIZE, EBADF ...); the message
 * was not put, and the count is as it was before the call.
 */
int jqueue_put(struct jqueue *q, const void *msg, size_t len);

/*
 * queue_get: take the head message, waiting as long as it takes (buf,
 * size and len as queue_get's).  Returns 0; errors: queue_get's.
 */
int jqueue_get(struct jqueue *q, void *buf, size_t size, size_t *len);

/*
 * One task (one message got earlier, by any process) is done: take one
 * from the count; when it reaches 0, wake every process in jqueue_join.
 * Returns 0.
 * Errors: -1 with errno EINVAL when the count is already 0 (called more
 * often than messages were put: Python's ValueError "task_done() called
 * too many times"); the count stays 0.
 */
int jqueue_task_done(struct jqueue *q);

/*
 * Wait until the count is 0: every message put so far has been got and
 * marked done.  Returns at once when it is 0 already.  The wait sleeps
 * (it does not poll), returns as soon as the last task_done has been
 * called, never before, and a signal does not end it.
 * Returns 0.  Errors: -1 with the errno of a failing call.
 */
int jqueue_join(struct jqueue *q);

/*
 * The count of unfinished tasks now (a snapshot, as queue_qsize).
 * Python keeps it private; here it is for tests and demos.  -1 with
 * errno on error.
 */
int jqueue_unfinished(struct jqueue *q);

/*
 * Free q, its queue and its memory.  Called once, by the process that
 * created it, when no process uses it any more.  Returns 0; -1 with the
 * errno of a failing call.
 */
int jqueue_destroy(struct jqueue *q);

#endif
