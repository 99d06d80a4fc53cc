/*
 * prodcons.h - producers and consumers over a queue, ended by sentinels,
 * in the shape of Python's Queue + None and JoinableQueue workers.
 *
 *     Python                               C
 *     q.put(None)                          queue_put(q, NULL, 0)   (PC_NONE)
 *     while True:                          pc_consume(q, handle, arg);
 *         item = q.get()
 *         if item is None: break
 *         handle(item)
 *     for p in producers: p.join()         pc_stop(q, producers, np, nc);
 *     for c in consumers: q.put(None)
 *     while True:                          pc_work(jq, handle, arg);
 *         item = jq.get()
 *         if item is None:
 *             jq.task_done(); break
 *         handle(item)
 *         jq.task_done()
 *
 * The queue is YOUR lab 06 queue (06-queue/queue.h): the grader builds
 * this lab with your 06-queue/queue.c.
 *
 * PROVIDED: do not change this file; the grader always uses its own copy.
 *
 * Where C differs from Python: a queue carries bytes, not objects, so
 * there is no None.  The sentinel here is the EMPTY message (0 bytes):
 * the items of this lab are never empty, so nothing else looks like it.
 *
 * What may be assumed:
 *   - the queue was made before the producers and consumers were forked;
 *   - every item is at most QUEUE_MSG_MAX bytes and not empty;
 *   - producers are children of the process that calls pc_stop.
 *
 * Functions return -1 and set errno on error; none of them prints or
 * exits.  A handler's -1 is an error too, returned as it is.
 */
#ifndef PRODCONS_H
#define PRODCONS_H

#include <stddef.h>
#include <sys/types.h>

#include "jqueue.h"
#include "queue.h"

/* The length of the sentinel, Python's None: the empty message. */
#define PC_NONE 0

/*
 * What a consumer does with one item: item holds len bytes and a '\0'
 * after them (so a text item is a C string).  Returns 0, or -1 with
 * errno to stop the consumer.
 */
typedef int pc_handler(void *arg, const char *item, size_t len);

/*
 * A consumer's loop: get messages from q, waiting as long as it takes,
 * and call handle(arg, item, len) for each, in the order got, until a
 * sentinel comes.  The sentinel is not handled, and nothing after it is
 * got: it is this consumer's last message.
 * Returns the number of items handled.
 * Errors: -1 with the errno of queue_get, or of the handler that
 * returned -1 (no later message is got).
 */
long pc_consume(struct queue *q, pc_handler *handle, void *arg);

/*
 * End the consumers once the producers are done: first wait for every
 * one of the np producers (waitpid; EINTR retried), then put one
 * sentinel per consumer, nc of them.  A sentinel put before the last
 * producer has exited would overtake items still to come: a consumer
 * would stop, and the items after it would never be got.
 * Returns 0 when every producer exited with status 0, 1 when some did
 * not: the nc sentinels are put all the same, so the consumers end.
 * Errors: -1 with the errno of waitpid (ECHILD: not a child) or of
 * queue_put; the sentinels may then be missing.
 */
int pc_stop(struct queue *q, const pid_t *producers, int np, int nc);

/*
 * A JoinableQueue worker's loop: get messages from jq until a sentinel,
 * call handle for each item, and mark each message got as done with
 * jqueue_task_done -- AFTER its handler returned (join promises that the
 * work is finished, not that the item was taken), and the sentinel's
 * too (it was put, so it counts).
 * Returns the number of items handled.
 * Errors: -1 with the errno of jqueue_get, jqueue_task_done or the
 * handler.
 */
long pc_work(struct jqueue *jq, pc_handler *handle, void *arg);

#endif
