/*
 * queue.h - a bounded queue shared by processes, in the shape of Python's
 * multiprocessing.Queue: many producers, many consumers, messages of bytes.
 *
 *     Python                               C
 *     q = Queue(3)                         struct queue *q = queue_create(3);
 *     q = Queue()   (unbounded)            q = queue_create(0);   (QUEUE_MAXSIZE_MAX items)
 *     q.put(b"ab")                         queue_put(q, "ab", 2);
 *     q.put(b"ab", timeout=1.5)            queue_put_timeout(q, "ab", 2, 1.5);  -> 1: Full
 *     q.put(b"ab", timeout=None)           queue_put_timeout(q, "ab", 2, NO_TIMEOUT);
 *     q.put_nowait(b"ab")                  queue_put_nowait(q, "ab", 2);        -> 1: Full
 *       (put(block=False) is the same)
 *     m = q.get()                          queue_get(q, buf, sizeof buf, &len);
 *     m = q.get(timeout=1.5)               queue_get_timeout(q, buf, sizeof buf, &len, 1.5);
 *                                                                               -> 1: Empty
 *     m = q.get_nowait()                   queue_get_nowait(q, buf, sizeof buf, &len);
 *                                                                               -> 1: Empty
 *     q.qsize(), q.empty(), q.full()       queue_qsize(q), queue_empty(q), queue_full(q)
 *     q.close()                            queue_close(q);
 *     (q is garbage-collected)             queue_destroy(q);
 *     raise Full / raise Empty             return 1 (not -1: not an error, an answer)
 *     ValueError: Queue ... is closed      return -1, errno EBADF
 *
 * PROVIDED: do not change this file; the grader always uses its own copy.
 *
 * Where C differs from Python, on purpose:
 *   - messages are byte strings of at most QUEUE_MSG_MAX bytes (Python
 *     pickles any object of any size); a longer put is an error
 *     (EMSGSIZE), never a silent cut;
 *   - the caller gives get a buffer; a message longer than the buffer is
 *     an error (EMSGSIZE) and the message stays at the head of the queue;
 *   - Queue() and Queue(0) are unbounded in Python (2**31 - 1 items);
 *     queue_create(0) (or any maxsize <= 0) holds QUEUE_MAXSIZE_MAX items,
 *     the most this kit's queue may hold: the memory is mapped once, at
 *     create.  A put beyond that waits (or reports Full) like any full
 *     queue's;
 *   - put returns once the message is IN the queue (Python's put hands
 *     the object to a feeder thread and returns before it is sent), so
 *     qsize, empty and full count it at once, in every process;
 *   - close is for every process that shares the queue (Python's close
 *     is the calling process's alone): after it, any put or get, in any
 *     process, fails with EBADF, and one blocked in put or get returns
 *     -1 with EBADF (in Python a get blocked in another process would
 *     wait for ever).  What is still in the queue stays there, counted
 *     by qsize, but no get takes it any more.
 *
 * What may be assumed:
 *   - queue_create is called BEFORE fork: the queue lives in memory every
 *     process forked afterwards shares with its parent;
 *   - any number of processes put and get at once; each message is
 *     delivered to exactly one get; messages put by one process are got
 *     in the order it put them (FIFO), and the whole queue is FIFO: a get
 *     takes the message that was put longest ago;
 *   - no process dies while inside a queue call (the grader never tests
 *     that case).
 *
 * Timeouts are in units (common/proclab.h), fractions allowed.  NO_TIMEOUT
 * waits as long as it takes; 0 or a negative timeout (or NaN) only looks,
 * as multiprocessing's put(timeout=-1) does.  A call that reports Full or
 * Empty after a timeout has waited at least timeout units since it was
 * called.  A signal arriving during a wait does not end it.
 *
 * Functions return -1 and set errno on error; none of them prints or
 * exits.
 */
#ifndef QUEUE_H
#define QUEUE_H

#include <stddef.h>

#include "proclab.h"         /* NO_TIMEOUT */

/* The longest message, in bytes.  0-byte messages are allowed. */
#define QUEUE_MSG_MAX 4096

/* The most messages one queue may hold; also what maxsize <= 0 gives. */
#define QUEUE_MAXSIZE_MAX 4096

/* Opaque: its fields are queue.c's business, and it lives in shared memory. */
struct queue;

/*
 * A new, empty, open queue that holds at most maxsize messages (maxsize
 * <= 0: QUEUE_MAXSIZE_MAX), in memory shared with every process forked
 * after this call.  Returns NULL with errno on error: EINVAL when maxsize
 * > QUEUE_MAXSIZE_MAX; else the failing call's (ENOMEM ...), leaving
 * nothing allocated.
 */
struct queue *queue_create(int maxsize);

/*
 * Put the len bytes at msg at the tail of q, waiting as long as q is full.
 * msg may be NULL when len is 0.
 * Returns 0 once the message is in the queue.
 * Errors: -1 with errno EMSGSIZE when len > QUEUE_MSG_MAX (q unchanged,
 * checked first); EBADF when q is closed, or is closed while this call
 * waits; else the errno of the failing call.
 */
int queue_put(struct queue *q, const void *msg, size_t len);

/*
 * queue_put, waiting at most timeout_units for room (see the timeouts
 * above: NO_TIMEOUT is queue_put, 0 or less is queue_put_nowait).
 * Returns 0 when the message is in the queue; 1 when q was still full
 * after timeout_units (Python's Full): the message was not put.
 * Errors: as queue_put.
 */
int queue_put_timeout(struct queue *q, const void *msg, size_t len,
		      double timeout_units);

/*
 * queue_put if there is room right now; never waits.
 * Returns 0 when the message is in the queue, 1 when q is full (Full).
 * Errors: as queue_put.
 */
int queue_put_nowait(struct queue *q, const void *msg, size_t len);

/*
 * Take the message at the head of q, waiting as long as q is empty: copy
 * it into buf (size bytes) and store its length in *len (len may be NULL;
 * buf may be NULL when size is 0).
 * Returns 0 once a message was taken.
 * Errors: -1 with errno EMSGSIZE when the head message is longer than
 * size: nothing is taken, the message stays at the head (a buffer of
 * QUEUE_MSG_MAX bytes always fits), and another get waiting for a message
 * must still be woken for it; EBADF when q is closed, or is closed
 * while this call waits; else the errno of the failing call.
 */
int queue_get(struct queue *q, void *buf, size_t size, size_t *len);

/*
 * queue_get, waiting at most timeout_units for a message.
 * Returns 0 when a message was taken; 1 when q was still empty after
 * timeout_units (Python's Empty): nothing was taken.
 * Errors: as queue_get.
 */
int queue_get_timeout(struct queue *q, void *buf, size_t size, size_t *len,
		      double timeout_units);

/*
 * queue_get if a message is there right now; never waits.
 * Returns 0 when a message was taken, 1 when q is empty (Empty).
 * Errors: as queue_get.
 */
int queue_get_nowait(struct queue *q, void *buf, size_t size, size_t *len);

/*
 * The number of messages in q now: between 0 and its maxsize, always a
 * number the queue really held at some moment during the call (never a
 * mix of two moments).  A snapshot: other processes may put or get right
 * after.  Still answers after queue_close.
 */
int queue_qsize(struct queue *q);

/* 1 when q holds no message now, else 0 (a snapshot, as queue_qsize). */
int queue_empty(struct queue *q);

/* 1 when q holds maxsize messages now, else 0 (a snapshot). */
int queue_full(struct queue *q);

/*
 * Close q for every process that shares it: every later put or get fails
 * with EBADF, and every process waiting in put or get wakes and fails
 * with EBADF.  Closing a closed queue does nothing.  Returns 0; -1 with
 * the errno of a failing call.
 */
int queue_close(struct queue *q);

/*
 * Free q and its memory, with whatever messages it still holds.  Called
 * once, by the process that created it, when no process uses q any more
 * (after joining the children; a child just exits).  q is invalid
 * afterwards.  Returns 0; -1 with the errno of a failing call.
 */
int queue_destroy(struct queue *q);

#endif
