/*
 * queue.c - a bounded queue shared by processes (see queue.h for each
 * contract).
 *
 * YOUR FILE: choose what a queue is made of (struct queue), then write the
 * twelve functions between the markers.  Keep the contracts in queue.h:
 * return -1 with errno on error; never print, never exit.
 *
 * Helpers of yours should be `static`: only the functions the header
 * declares may be global.  The grader makes any other global name of
 * this file local (and notes it, ungraded); a global named like one of
 * the C library or the test runner (write, printf, malloc, main,
 * srunner_run_all ...) is refused: the lab would score 0.
 *
 * The reference is OSTEP's bounded buffer (chapter 30), across processes:
 *
 *   - one mapping, mmap(MAP_SHARED | MAP_ANONYMOUS) before fork: a header
 *     (the lock, two condition variables, head, count, maxsize, closed)
 *     followed by maxsize slots of QUEUE_MSG_MAX bytes and a length each;
 *     the slots form a ring: put writes at (head + count) % maxsize, get
 *     reads at head;
 *   - a mutex, PTHREAD_PROCESS_SHARED, held around EVERY look at head and
 *     count, qsize's included: two producers that read the same free slot
 *     both write it, and one message is lost;
 *   - two condition variables, also PTHREAD_PROCESS_SHARED and timed on
 *     CLOCK_MONOTONIC: not_full (a put waits on it while the ring is full;
 *     each get signals it) and not_empty (the other way round).  Always
 *     wait in a while loop that tests the condition again: another process
 *     may take the slot between the signal and your waking.  close
 *     BROADCASTS both, since every waiter must wake.
 *
 * Another good way: counting semaphores, `slots` (starts at maxsize) and
 * `items` (starts at 0), beside a mutex for the indices; sem_clockwait
 * gives the timeout.  Either way, the message is copied in and out while
 * the lock is held: a slot copied out after the lock is released may be
 * overwritten by a put in the meantime.
 */
#define _GNU_SOURCE
#include "queue.h"
#include "proclab.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

/* ===== YOUR CODE HERE: replace the stub below ===== */
struct queue {
	int todo;
};
/* ===== END OF YOUR CODE ===== */

struct queue *queue_create(int maxsize)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)maxsize;
	errno = ENOSYS;
	return NULL;
	/* ===== END OF YOUR CODE ===== */
}

int queue_put(struct queue *q, const void *msg, size_t len)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)q;
	(void)msg;
	(void)len;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int queue_put_timeout(struct queue *q, const void *msg, size_t len,
		      double timeout_units)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)q;
	(void)msg;
	(void)len;
	(void)timeout_units;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int queue_put_nowait(struct queue *q, const void *msg, size_t len)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)q;
	(void)msg;
	(void)len;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int queue_get(struct queue *q, void *buf, size_t size, size_t *len)
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

int queue_get_timeout(struct queue *q, void *buf, size_t size, size_t *len,
		      double timeout_units)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)q;
	(void)buf;
	(void)size;
	(void)len;
	(void)timeout_units;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int queue_get_nowait(struct queue *q, void *buf, size_t size, size_t *len)
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

int queue_qsize(struct queue *q)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)q;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int queue_empty(struct queue *q)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)q;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int queue_full(struct queue *q)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)q;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int queue_close(struct queue *q)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)q;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int queue_destroy(struct queue *q)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)q;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}
