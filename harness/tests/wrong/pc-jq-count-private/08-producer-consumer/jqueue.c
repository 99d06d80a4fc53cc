/*
 * WRONG (test data): BUG: the count of unfinished tasks is a global
 * variable, not in the shared mapping: fork gives every process a copy of
 * it.  The parent's puts raise its own copy; a worker's task_done finds its
 * copy at 0 (EINVAL), and the parent's join waits for ever.
 */
#define _GNU_SOURCE
#include "jqueue.h"

#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>

struct jqueue {
	struct queue *q;        /* the messages (lab 06); mapped at the same
				   address in every process forked later */
	pthread_mutex_t lock;   /* protects unfinished */
	pthread_cond_t zero;    /* broadcast when unfinished reaches 0 */
};

static long unfinished;        /* put and not yet task_done */

/* pthread calls return their error: make it errno and -1. */
static int fail(int e)
{
	errno = e;
	return -1;
}

/* The mutex and condition variable, process-shared: other processes use them. */
static int init_sync(struct jqueue *j)
{
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	int e;

	if ((e = pthread_mutexattr_init(&ma)) != 0)
		return fail(e);
	e = pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	if (e == 0)
		e = pthread_mutex_init(&j->lock, &ma);
	pthread_mutexattr_destroy(&ma);
	if (e != 0)
		return fail(e);
	if ((e = pthread_condattr_init(&ca)) != 0)
		goto no_cond;
	e = pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	if (e == 0)
		e = pthread_cond_init(&j->zero, &ca);
	pthread_condattr_destroy(&ca);
	if (e == 0)
		return 0;
no_cond:
	pthread_mutex_destroy(&j->lock);
	return fail(e);
}

/* Add delta to the count under the lock; wake the joiners when it is 0. */
static int count(struct jqueue *j, long delta)
{
	int e;

	if ((e = pthread_mutex_lock(&j->lock)) != 0)
		return fail(e);
	if (unfinished + delta < 0) {
		pthread_mutex_unlock(&j->lock);
		return fail(EINVAL);    /* task_done called too many times */
	}
	unfinished += delta;
	if (unfinished == 0)
		pthread_cond_broadcast(&j->zero);
	pthread_mutex_unlock(&j->lock);
	return 0;
}

struct jqueue *jqueue_create(int maxsize)
{
	struct jqueue *j;
	int saved;

	j = mmap(NULL, sizeof *j, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (j == MAP_FAILED)
		return NULL;
	unfinished = 0;
	if ((j->q = queue_create(maxsize)) == NULL)
		goto undo;
	if (init_sync(j) < 0) {
		saved = errno;
		queue_destroy(j->q);
		errno = saved;
		goto undo;
	}
	return j;
undo:
	saved = errno;
	munmap(j, sizeof *j);
	errno = saved;
	return NULL;
}

int jqueue_put(struct jqueue *q, const void *msg, size_t len)
{
	int saved;

	if (count(q, +1) < 0)           /* first: see the top of this file */
		return -1;
	if (queue_put(q->q, msg, len) < 0) {
		saved = errno;
		count(q, -1);           /* not put: not a task */
		errno = saved;
		return -1;
	}
	return 0;
}

int jqueue_get(struct jqueue *q, void *buf, size_t size, size_t *len)
{
	return queue_get(q->q, buf, size, len);
}

int jqueue_task_done(struct jqueue *q)
{
	return count(q, -1);
}

int jqueue_join(struct jqueue *q)
{
	int e;

	if ((e = pthread_mutex_lock(&q->lock)) != 0)
		return fail(e);
	/* A loop: a wake-up only says "look again" (another put may have
	   come, or the wake-up was spurious). */
	while (unfinished > 0)
		pthread_cond_wait(&q->zero, &q->lock);
	pthread_mutex_unlock(&q->lock);
	return 0;
}

int jqueue_unfinished(struct jqueue *q)
{
	long n;

	if (pthread_mutex_lock(&q->lock) != 0)
		return -1;
	n = unfinished;
	pthread_mutex_unlock(&q->lock);
	return (int)n;
}

int jqueue_destroy(struct jqueue *q)
{
	int r = queue_destroy(q->q), saved = errno;

	pthread_cond_destroy(&q->zero);
	pthread_mutex_destroy(&q->lock);
	if (munmap(q, sizeof *q) < 0)
		return -1;
	errno = saved;
	return r;
}
