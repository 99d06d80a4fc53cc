/*
 * prodcons.c - producers and consumers ended by sentinels (see
 * prodcons.h for each contract).
 *
 * YOUR FILE: write the three functions between the markers.  Keep the
 * contracts in prodcons.h: return -1 with errno on error; never print,
 * never exit.  The queues are YOUR lab 06 queue and YOUR jqueue.c.
 *
 * Helpers of yours should be `static`: only the functions the header
 * declares may be global.  The grader makes any other global name of
 * this file local (and notes it, ungraded); a global named like one of
 * the C library or the test runner (write, printf, malloc, main,
 * srunner_run_all ...) is refused: the lab would score 0.
 *
 * The two rules of sentinels, and why:
 *
 *   - ONE PER CONSUMER.  A consumer that gets the sentinel stops getting:
 *     it cannot pass it on by itself.  With 2 consumers and 1 sentinel,
 *     one consumer ends, and the other waits in get for ever -- and so
 *     does whoever joins it.  (A consumer may put the sentinel back
 *     before it leaves, so that one does for all: that works too, but
 *     the contract here is one each.)
 *   - AFTER EVERY PRODUCER HAS BEEN JOINED.  The queue is FIFO: a
 *     sentinel put while a producer is still putting lands in front of
 *     that producer's later items.  The consumers stop at the sentinel,
 *     and those items are never got.  Joining the producers (waitpid)
 *     is what tells you that their last put has returned.
 */
#include "prodcons.h"

#include <errno.h>
#include <sys/wait.h>

/* ===== YOUR CODE HERE: replace the stub below ===== */
/* ===== END OF YOUR CODE ===== */

long pc_consume(struct queue *q, pc_handler *handle, void *arg)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)q;
	(void)handle;
	(void)arg;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int pc_stop(struct queue *q, const pid_t *producers, int np, int nc)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)q;
	(void)producers;
	(void)np;
	(void)nc;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

long pc_work(struct jqueue *jq, pc_handler *handle, void *arg)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)jq;
	(void)handle;
	(void)arg;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}
