/*
 * WRONG (test data): if where while is needed.  A put (get) waits once
 * when the ring is full (empty), then goes on without looking again.  But
 * between the signal and the waiter's waking, another process may take
 * the room (the message) it was woken for: the put then writes over the
 * oldest message (count passes maxsize), the get takes a slot that holds
 * no message.
 */
#define _GNU_SOURCE
#include "queue.h"
#include "proclab.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

struct slot {
	size_t len;                     /* bytes of data in use */
	char data[QUEUE_MSG_MAX];
};

struct queue {
	size_t mapped;                  /* bytes of the mapping, for munmap */
	int maxsize;                    /* slots in the ring */
	/*
	 * lock protects everything below it and the slots: head, count,
	 * closed, and each slot's contents.
	 */
	pthread_mutex_t lock;
	pthread_cond_t not_full;        /* a put waits here while count == maxsize */
	pthread_cond_t not_empty;       /* a get waits here while count == 0 */
	int head;                       /* the oldest message's slot */
	int count;                      /* messages in the ring */
	int closed;                     /* 1 after queue_close */
	struct slot slots[];            /* maxsize of them */
};

/* How long a call may wait: not at all, until a deadline, or for ever. */
enum wait { TRY, UNTIL, FOREVER };

/*
 * The kind of wait timeout_units asks for, and its deadline on
 * CLOCK_MONOTONIC (which no one can set, unlike the wall clock).  The
 * deadline is ABSOLUTE, computed once: pthread_cond_clockwait takes a
 * moment, not a duration, and a wait woken early resumes with the same
 * moment.
 */
static enum wait deadline_of(double timeout_units, struct timespec *deadline)
{
	double ms = timeout_units * unit_ms();
	long long ns;

	if (timeout_units == NO_TIMEOUT)
		return FOREVER;
	if (!(timeout_units > 0))
		return TRY;             /* 0, negative or NaN: only look */
	if (ms > 1e12)
		ms = 1e12;              /* 30 years: no overflow */
	clock_gettime(CLOCK_MONOTONIC, deadline);       /* cannot fail here */
	/* Round up by a nanosecond: never give up early. */
	ns = deadline->tv_nsec + (long long)(ms * 1e6) + 1;
	deadline->tv_sec += ns / 1000000000;
	deadline->tv_nsec = ns % 1000000000;
	return UNTIL;
}

/*
 * Wait on cv (q->lock held) as w says.  0 when woken (the caller tests
 * its condition again), ETIMEDOUT when it should give up.
 */
static int wait_on(struct queue *q, pthread_cond_t *cv, enum wait w,
		   const struct timespec *deadline)
{
	if (w == TRY)
		return ETIMEDOUT;
	if (w == FOREVER)
		return pthread_cond_wait(cv, &q->lock);
	return pthread_cond_clockwait(cv, &q->lock, CLOCK_MONOTONIC, deadline);
}

/* Unlock q and return r, with errno set to e when e is not 0. */
static int unlock_with(struct queue *q, int r, int e)
{
	pthread_mutex_unlock(&q->lock);
	if (e != 0)
		errno = e;
	return r;
}

/* Every put: 0, 1 (Full) or -1 with errno. */
static int put(struct queue *q, const void *msg, size_t len, double timeout_units)
{
	struct timespec deadline;
	enum wait w = deadline_of(timeout_units, &deadline);
	struct slot *s;
	int e;

	if (len > QUEUE_MSG_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	if ((e = pthread_mutex_lock(&q->lock)) != 0) {
		errno = e;
		return -1;
	}
	/* A timed-out wait still looks once more: a get may have made room
	   just as the time ran out. */
	if (!q->closed && q->count == q->maxsize)      /* BUG: if */
		if (wait_on(q, &q->not_full, w, &deadline) == ETIMEDOUT &&
		    !q->closed && q->count == q->maxsize)
			return unlock_with(q, 1, 0);
	if (q->closed)
		return unlock_with(q, -1, EBADF);
	s = &q->slots[(q->head + q->count) % q->maxsize];
	if (len > 0)
		memcpy(s->data, msg, len);
	s->len = len;
	q->count++;
	pthread_cond_signal(&q->not_empty);     /* one message: one getter */
	return unlock_with(q, 0, 0);
}

/* Every get: 0, 1 (Empty) or -1 with errno. */
static int get(struct queue *q, void *buf, size_t size, size_t *len,
	       double timeout_units)
{
	struct timespec deadline;
	enum wait w = deadline_of(timeout_units, &deadline);
	struct slot *s;
	int e;

	if ((e = pthread_mutex_lock(&q->lock)) != 0) {
		errno = e;
		return -1;
	}
	if (!q->closed && q->count == 0)               /* BUG: if */
		if (wait_on(q, &q->not_empty, w, &deadline) == ETIMEDOUT &&
		    !q->closed && q->count == 0)
			return unlock_with(q, 1, 0);
	if (q->closed)
		return unlock_with(q, -1, EBADF);
	s = &q->slots[q->head];
	if (s->len > size) {
		/* Not ours to take: pass the wake-up on to another getter,
		   whose buffer may be large enough. */
		pthread_cond_signal(&q->not_empty);
		return unlock_with(q, -1, EMSGSIZE);
	}
	/* Copy out while holding the lock: once head moves, a put may
	   write this slot. */
	if (s->len > 0)
		memcpy(buf, s->data, s->len);
	if (len != NULL)
		*len = s->len;
	q->head = (q->head + 1) % q->maxsize;
	q->count--;
	pthread_cond_signal(&q->not_full);      /* one slot: one putter */
	return unlock_with(q, 0, 0);
}

/* Make *cv shared by processes and timed on CLOCK_MONOTONIC. */
static int init_cond(pthread_cond_t *cv)
{
	pthread_condattr_t attr;
	int e;

	if ((e = pthread_condattr_init(&attr)) != 0)
		return e;
	if ((e = pthread_condattr_setpshared(&attr, PTHREAD_PROCESS_SHARED)) == 0 &&
	    (e = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)) == 0)
		e = pthread_cond_init(cv, &attr);
	pthread_condattr_destroy(&attr);
	return e;
}

static int init_lock(pthread_mutex_t *m)
{
	pthread_mutexattr_t attr;
	int e;

	if ((e = pthread_mutexattr_init(&attr)) != 0)
		return e;
	if ((e = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED)) == 0)
		e = pthread_mutex_init(m, &attr);
	pthread_mutexattr_destroy(&attr);
	return e;
}

struct queue *queue_create(int maxsize)
{
	struct queue *q;
	size_t mapped;
	int e;

	if (maxsize > QUEUE_MAXSIZE_MAX) {
		errno = EINVAL;
		return NULL;
	}
	if (maxsize <= 0)
		maxsize = QUEUE_MAXSIZE_MAX;
	/* Shared, so a child's put and its parent's get see one ring.  The
	   kernel hands the pages out zeroed, and only those used cost memory. */
	mapped = sizeof *q + (size_t)maxsize * sizeof(struct slot);
	q = mmap(NULL, mapped, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (q == MAP_FAILED)
		return NULL;
	q->mapped = mapped;
	q->maxsize = maxsize;
	if ((e = init_lock(&q->lock)) != 0)
		goto fail;
	if ((e = init_cond(&q->not_full)) != 0) {
		pthread_mutex_destroy(&q->lock);
		goto fail;
	}
	if ((e = init_cond(&q->not_empty)) != 0) {
		pthread_cond_destroy(&q->not_full);
		pthread_mutex_destroy(&q->lock);
		goto fail;
	}
	return q;
fail:
	munmap(q, mapped);
	errno = e;
	return NULL;
}

int queue_put(struct queue *q, const void *msg, size_t len)
{
	return put(q, msg, len, NO_TIMEOUT);
}

int queue_put_timeout(struct queue *q, const void *msg, size_t len,
		      double timeout_units)
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
	int e, n;

	/* Under the lock: count is one field, but a student's ring often
	   keeps head and tail, and a reader between two writers' updates
	   would mix two moments. */
	if ((e = pthread_mutex_lock(&q->lock)) != 0) {
		errno = e;
		return -1;
	}
	n = q->count;
	return unlock_with(q, n, 0);
}

int queue_empty(struct queue *q)
{
	int n = queue_qsize(q);

	return n < 0 ? -1 : n == 0;
}

int queue_full(struct queue *q)
{
	int n = queue_qsize(q);

	return n < 0 ? -1 : n == q->maxsize;
}

int queue_close(struct queue *q)
{
	int e;

	if ((e = pthread_mutex_lock(&q->lock)) != 0) {
		errno = e;
		return -1;
	}
	q->closed = 1;
	/* Broadcast: EVERY waiter must wake and see closed, not just one. */
	pthread_cond_broadcast(&q->not_full);
	pthread_cond_broadcast(&q->not_empty);
	return unlock_with(q, 0, 0);
}

int queue_destroy(struct queue *q)
{
	pthread_cond_destroy(&q->not_empty);
	pthread_cond_destroy(&q->not_full);
	pthread_mutex_destroy(&q->lock);
	return munmap(q, q->mapped);
}
