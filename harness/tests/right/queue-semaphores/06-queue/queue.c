/*
 * RIGHT (test data): a queue written unlike the reference: no condition
 * variables, three unnamed process-shared semaphores, as in the Little
 * Book of Semaphores' bounded buffer (and CPython's Queue, whose room is a
 * BoundedSemaphore):
 *   slots  counts the free slots: a put takes one (sem_wait, sem_trywait,
 *          sem_clockwait), a get gives one back;
 *   items  counts the messages: a get takes one, a put gives one;
 *   mutex  (value 1) guards the ring's indices and the slots.
 * close cannot broadcast: it posts each counter once, and every process
 * woken that finds the queue closed posts it again for the next waiter
 * (a baton passed along the line), so every waiter wakes.
 */
#define _GNU_SOURCE
#include "queue.h"
#include "proclab.h"

#include <errno.h>
#include <semaphore.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

struct slot {
	size_t len;
	char data[QUEUE_MSG_MAX];
};

struct queue {
	size_t mapped;          /* bytes mapped */
	int maxsize;
	sem_t slots;            /* free slots (inflated once closed) */
	sem_t items;            /* messages (inflated once closed) */
	sem_t mutex;            /* protects head, count, closed and the slots */
	int head, count, closed;
	struct slot ring[];
};

/* sem_wait, sem_trywait or sem_clockwait on s as the timeout says:
   0 taken, 1 not in time, -1 error. */
static int take(sem_t *s, double timeout_units)
{
	struct timespec t;
	double ns;
	int r;

	if (timeout_units == NO_TIMEOUT) {
		while ((r = sem_wait(s)) < 0 && errno == EINTR)
			;
		return r;
	}
	if (!(timeout_units > 0))
		return sem_trywait(s) == 0 ? 0 : errno == EAGAIN ? 1 : -1;
	ns = timeout_units * unit_ms() * 1e6;
	if (ns > 1e18)
		ns = 1e18;
	clock_gettime(CLOCK_MONOTONIC, &t);
	ns += t.tv_nsec + 1;
	t.tv_sec += (time_t)(ns / 1e9);
	t.tv_nsec = (long)(ns - (double)(time_t)(ns / 1e9) * 1e9);
	if (t.tv_nsec >= 1000000000) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000;
	}
	while ((r = sem_clockwait(s, CLOCK_MONOTONIC, &t)) < 0 && errno == EINTR)
		;
	return r == 0 ? 0 : errno == ETIMEDOUT ? 1 : -1;
}

static void lock(struct queue *q)
{
	while (sem_wait(&q->mutex) < 0)
		;               /* only EINTR can happen here */
}

static int is_closed(struct queue *q)
{
	int c;

	lock(q);
	c = q->closed;
	sem_post(&q->mutex);
	return c;
}

/* Fail with EBADF, passing the wake-up on to the next waiter on s. */
static int closed_fail(struct queue *q, sem_t *s)
{
	sem_post(&q->mutex);
	sem_post(s);
	errno = EBADF;
	return -1;
}

static int put(struct queue *q, const void *msg, size_t len, double timeout)
{
	int r;

	if (len > QUEUE_MSG_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	if (is_closed(q)) {
		errno = EBADF;
		return -1;
	}
	if ((r = take(&q->slots, timeout)) != 0)
		return r;
	lock(q);
	if (q->closed)
		return closed_fail(q, &q->slots);
	q->ring[(q->head + q->count) % q->maxsize].len = len;
	if (len > 0)
		memcpy(q->ring[(q->head + q->count) % q->maxsize].data, msg, len);
	q->count++;
	sem_post(&q->mutex);
	return sem_post(&q->items);
}

static int get(struct queue *q, void *buf, size_t size, size_t *len, double timeout)
{
	struct slot *s;
	int r;

	if (is_closed(q)) {
		errno = EBADF;
		return -1;
	}
	if ((r = take(&q->items, timeout)) != 0)
		return r;
	lock(q);
	if (q->closed)
		return closed_fail(q, &q->items);
	s = &q->ring[q->head];
	if (s->len > size) {            /* give the message's token back */
		sem_post(&q->mutex);
		sem_post(&q->items);
		errno = EMSGSIZE;
		return -1;
	}
	if (s->len > 0)
		memcpy(buf, s->data, s->len);
	if (len != NULL)
		*len = s->len;
	q->head = (q->head + 1) % q->maxsize;
	q->count--;
	sem_post(&q->mutex);
	return sem_post(&q->slots);
}

struct queue *queue_create(int maxsize)
{
	struct queue *q;
	size_t mapped;

	if (maxsize > QUEUE_MAXSIZE_MAX) {
		errno = EINVAL;
		return NULL;
	}
	if (maxsize <= 0)
		maxsize = QUEUE_MAXSIZE_MAX;
	mapped = sizeof *q + (size_t)maxsize * sizeof(struct slot);
	q = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (q == MAP_FAILED)
		return NULL;
	q->mapped = mapped;
	q->maxsize = maxsize;
	/* pshared = 1: they sit in the shared mapping. */
	if (sem_init(&q->slots, 1, maxsize) < 0 || sem_init(&q->items, 1, 0) < 0 ||
	    sem_init(&q->mutex, 1, 1) < 0) {
		int e = errno;

		munmap(q, mapped);
		errno = e;
		return NULL;
	}
	return q;
}

int queue_put(struct queue *q, const void *msg, size_t len)
{
	return put(q, msg, len, NO_TIMEOUT);
}

int queue_put_timeout(struct queue *q, const void *msg, size_t len, double timeout_units)
{
	return put(q, msg, len, timeout_units);
}

int queue_put_nowait(struct queue *q, const void *msg, size_t len)
{
	return put(q, msg, len, 0);
}

int queue_get(struct queue *q, void *buf, size_t size, size_t *len)
{
	return get(q, buf, size, len, NO_TIMEOUT);
}

int queue_get_timeout(struct queue *q, void *buf, size_t size, size_t *len,
		      double timeout_units)
{
	return get(q, buf, size, len, timeout_units);
}

int queue_get_nowait(struct queue *q, void *buf, size_t size, size_t *len)
{
	return get(q, buf, size, len, 0);
}

int queue_qsize(struct queue *q)
{
	int n;

	lock(q);
	n = q->count;
	sem_post(&q->mutex);
	return n;
}

int queue_empty(struct queue *q)
{
	return queue_qsize(q) == 0;
}

int queue_full(struct queue *q)
{
	return queue_qsize(q) == q->maxsize;
}

int queue_close(struct queue *q)
{
	lock(q);
	q->closed = 1;
	sem_post(&q->mutex);
	/* One wake-up each; the baton does the rest. */
	sem_post(&q->slots);
	return sem_post(&q->items);
}

int queue_destroy(struct queue *q)
{
	sem_destroy(&q->slots);
	sem_destroy(&q->items);
	sem_destroy(&q->mutex);
	return munmap(q, q->mapped);
}
