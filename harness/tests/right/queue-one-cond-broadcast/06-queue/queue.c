/*
 * RIGHT (test data): a queue written unlike the reference, as a student
 * might: named POSIX shared memory (shm_open, unlinked and its descriptor
 * closed at once, so nothing is left behind), ONE condition variable for
 * both sides on the default clock (CLOCK_REALTIME deadlines), and
 * broadcast on every change -- wasteful, but no wake-up can go to the
 * wrong side, as signal's can with one condition variable.
 */
#define _GNU_SOURCE
#include "queue.h"
#include "proclab.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

struct queue {
	pthread_mutex_t m;
	pthread_cond_t changed;         /* one condvar for both directions */
	size_t size;
	int max, first, used, closed;
	struct { size_t n; char b[QUEUE_MSG_MAX]; } msgs[];
};

struct queue *queue_create(int maxsize)
{
	char name[64];
	struct queue *q;
	size_t size;
	int fd, e;
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;

	if (maxsize > QUEUE_MAXSIZE_MAX) {
		errno = EINVAL;
		return NULL;
	}
	if (maxsize < 1)
		maxsize = QUEUE_MAXSIZE_MAX;
	size = sizeof *q + (size_t)maxsize * sizeof q->msgs[0];
	snprintf(name, sizeof name, "/queue-%d-%p", (int)getpid(), (void *)&name);
	if ((fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600)) < 0)
		return NULL;
	shm_unlink(name);               /* the mapping keeps it alive */
	if (ftruncate(fd, (off_t)size) < 0) {
		e = errno;
		close(fd);
		errno = e;
		return NULL;
	}
	q = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	e = errno;
	close(fd);
	if (q == MAP_FAILED) {
		errno = e;
		return NULL;
	}
	q->size = size;
	q->max = maxsize;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
	e = pthread_mutex_init(&q->m, &ma);
	pthread_mutexattr_destroy(&ma);
	if (e == 0) {
		pthread_condattr_init(&ca);
		pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
		e = pthread_cond_init(&q->changed, &ca);
		pthread_condattr_destroy(&ca);
		if (e != 0)
			pthread_mutex_destroy(&q->m);
	}
	if (e != 0) {
		munmap(q, size);
		errno = e;
		return NULL;
	}
	return q;
}

static int lock(struct queue *q)
{
	int e = pthread_mutex_lock(&q->m);

	if (e == EOWNERDEAD)
		e = pthread_mutex_consistent(&q->m);
	if (e != 0) {
		errno = e;
		return -1;
	}
	return 0;
}

static int unlock_ret(struct queue *q, int r, int e)
{
	pthread_mutex_unlock(&q->m);
	if (e)
		errno = e;
	return r;
}

/* Wait on q->changed until ready(); 0 ready, 1 timed out, -1 EBADF. */
static int await(struct queue *q, int for_room, double t)
{
	struct timespec dl;
	int timed = t == t && t > 0 && t < 1e9;
	int e;

	if (timed) {
		double s = t * unit_ms() / 1000.0;
		long long ns;

		clock_gettime(CLOCK_REALTIME, &dl);
		ns = (long long)dl.tv_nsec + (long long)((s - (long long)s) * 1e9) + 1;
		dl.tv_sec += (time_t)s + (time_t)(ns / 1000000000LL);
		dl.tv_nsec = (long)(ns % 1000000000LL);
	}
	for (;;) {
		if (q->closed)
			return -1;
		if (for_room ? q->used < q->max : q->used > 0)
			return 0;
		if (!(t > 0))
			return 1;
		if (timed) {
			e = pthread_cond_timedwait(&q->changed, &q->m, &dl);
			if (e == ETIMEDOUT) {
				if (q->closed)
					return -1;
				if (for_room ? q->used < q->max : q->used > 0)
					return 0;
				return 1;
			}
		} else {
			pthread_cond_wait(&q->changed, &q->m);
		}
	}
}

static int put(struct queue *q, const void *msg, size_t len, double t)
{
	int r, i;

	if (len > QUEUE_MSG_MAX)
		return errno = EMSGSIZE, -1;
	if (lock(q) < 0)
		return -1;
	r = await(q, 1, t);
	if (r < 0)
		return unlock_ret(q, -1, EBADF);
	if (r == 1)
		return unlock_ret(q, 1, 0);
	i = (q->first + q->used) % q->max;
	q->msgs[i].n = len;
	if (len)
		memcpy(q->msgs[i].b, msg, len);
	q->used++;
	pthread_cond_broadcast(&q->changed);
	return unlock_ret(q, 0, 0);
}

static int get(struct queue *q, void *buf, size_t size, size_t *len, double t)
{
	int r;
	size_t n;

	if (lock(q) < 0)
		return -1;
	r = await(q, 0, t);
	if (r < 0)
		return unlock_ret(q, -1, EBADF);
	if (r == 1)
		return unlock_ret(q, 1, 0);
	n = q->msgs[q->first].n;
	if (n > size)
		return unlock_ret(q, -1, EMSGSIZE);
	if (n)
		memcpy(buf, q->msgs[q->first].b, n);
	if (len)
		*len = n;
	q->first = (q->first + 1) % q->max;
	q->used--;
	pthread_cond_broadcast(&q->changed);
	return unlock_ret(q, 0, 0);
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
	return put(q, msg, len, -1);
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
	return get(q, buf, size, len, -1);
}

int queue_qsize(struct queue *q)
{
	int n;

	if (lock(q) < 0)
		return -1;
	n = q->used;
	return unlock_ret(q, n, 0);
}

int queue_empty(struct queue *q)
{
	int n;

	if (lock(q) < 0)
		return -1;
	n = q->used == 0;
	return unlock_ret(q, n, 0);
}

int queue_full(struct queue *q)
{
	int n;

	if (lock(q) < 0)
		return -1;
	n = q->used == q->max;
	return unlock_ret(q, n, 0);
}

int queue_close(struct queue *q)
{
	if (lock(q) < 0)
		return -1;
	q->closed = 1;
	pthread_cond_broadcast(&q->changed);
	return unlock_ret(q, 0, 0);
}

int queue_destroy(struct queue *q)
{
	pthread_cond_destroy(&q->changed);
	pthread_mutex_destroy(&q->m);
	return munmap(q, q->size);
}
