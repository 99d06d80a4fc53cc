/*
 * RIGHT (test data), written unlike the reference: Python's own plan,
 * with three parts in the parent.  Submitting appends a message to a list
 * in the parent and returns; a task-feeder thread sends the list, one
 * message a chunk, on a SOCK_SEQPACKET socket pair that every worker
 * receives from (the kernel hands each message whole to one reader, so
 * the workers need no lock of their own); each worker answers a chunk
 * with one message on a second pair, read by the result thread.  Must
 * get full marks.
 */
#define _GNU_SOURCE
#include "pool.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { OPEN, SHUT, GONE };              /* a pool: running, closed, ended */
enum { WAITING, READY, DROPPED };       /* a result */

struct pool_result {
	struct pool *owner;
	long one, *out;         /* out: &one, or map's ys */
	size_t todo;            /* items still out */
	size_t first_bad;       /* SIZE_MAX: all fine so far */
	int bad_err;
	int phase;              /* WAITING, READY, DROPPED */
	pool_callback *cb;
	void *ctx;
	struct pool_result *older, *newer;      /* the outstanding ring */
};

/* A chunk, as the feeder sends it; fn == NULL tells a worker to exit. */
struct chunk {
	pool_fn *fn;
	struct pool_result *res;
	size_t at, count;
	long in[];
};

/* A chunk's answer, as a worker sends it. */
struct answer {
	struct pool_result *res;
	size_t at, count;       /* res == NULL: the result thread stops */
	struct { long y; int err; } item[];
};

struct queued {
	struct queued *next;
	size_t bytes;
	struct chunk c;
};

struct pool {
	int workers;
	pid_t *pid;
	int to_workers;         /* feeder's end of the task pair */
	int from_workers;       /* result thread's end of the answer pair */
	int answer_end;         /* the workers' end, kept for the stop answer */
	pthread_t feeder, collector;
	pthread_mutex_t mu;     /* guards everything below and every result */
	pthread_cond_t work;    /* the feeder: the list grew, or stop */
	pthread_cond_t settled; /* a result became READY or DROPPED */
	int phase;              /* OPEN, SHUT, GONE */
	int stopping;           /* the feeder must end */
	struct queued *head, **tail;
	struct pool_result ring;        /* results WAITING */
};

static size_t chunk_bytes(size_t n)
{
	return sizeof(struct chunk) + n * sizeof(long);
}

static size_t answer_bytes(size_t n)
{
	return sizeof(struct answer) + n * sizeof(((struct answer *)0)->item[0]);
}

static void worker_main(struct pool *p, int from_parent)
{
	size_t cap = chunk_bytes(POOL_CHUNK_MAX);
	struct chunk *c = malloc(cap);
	struct answer *a = malloc(answer_bytes(POOL_CHUNK_MAX));
	ssize_t got;

	signal(SIGTERM, SIG_DFL);
	close(p->to_workers);
	close(p->from_workers);
	if (c == NULL || a == NULL)
		_exit(1);
	for (;;) {
		do
			got = recv(from_parent, c, cap, 0);
		while (got < 0 && errno == EINTR);
		if (got < (ssize_t)sizeof *c || c->fn == NULL)
			break;
		a->res = c->res;
		a->at = c->at;
		a->count = c->count;
		for (size_t i = 0; i < c->count; i++)
			a->item[i].err = c->fn(c->in[i], &a->item[i].y);
		while (send(p->answer_end, a, answer_bytes(a->count), MSG_NOSIGNAL) < 0)
			if (errno != EINTR)
				_exit(1);
	}
	fflush(NULL);
	_exit(0);
}

/* res is settled: off the ring, waiters woken.  mu held. */
static void settle(struct pool *p, struct pool_result *res, int phase)
{
	res->older->newer = res->newer;
	res->newer->older = res->older;
	__atomic_store_n(&res->phase, phase, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&p->settled);
}

/* Record item i of res; the last one runs the callback, then settles. */
static void record(struct pool *p, struct pool_result *res, size_t i, long y, int err)
{
	int last;

	pthread_mutex_lock(&p->mu);
	if (err == 0)
		res->out[i] = y;
	else if (i < res->first_bad) {
		res->first_bad = i;
		res->bad_err = err;
	}
	last = --res->todo == 0;
	pthread_mutex_unlock(&p->mu);
	if (!last)
		return;
	if (res->cb != NULL && res->first_bad == SIZE_MAX)
		res->cb(res->one, res->ctx);
	pthread_mutex_lock(&p->mu);
	settle(p, res, READY);
	pthread_mutex_unlock(&p->mu);
}

static void *collector_main(void *arg)
{
	struct pool *p = arg;
	struct answer *a = malloc(answer_bytes(POOL_CHUNK_MAX));
	ssize_t got;

	if (a == NULL)
		return NULL;
	for (;;) {
		got = recv(p->from_workers, a, answer_bytes(POOL_CHUNK_MAX), 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < (ssize_t)sizeof *a || a->res == NULL)
			break;
		for (size_t i = 0; i < a->count; i++)
			record(p, a->res, a->at + i, a->item[i].y, a->item[i].err);
	}
	free(a);
	return NULL;
}

static void *feeder_main(void *arg)
{
	struct pool *p = arg;
	struct queued *q;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->head == NULL && !p->stopping)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->stopping)
			break;
		q = p->head;
		if ((p->head = q->next) == NULL)
			p->tail = &p->head;
		pthread_mutex_unlock(&p->mu);
		/* Blocks while the socket is full: the list keeps the rest. */
		while (send(p->to_workers, &q->c, q->bytes, MSG_NOSIGNAL) < 0 &&
		       errno == EINTR)
			;
		free(q);
		pthread_mutex_lock(&p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Append a chunk of n items to the list; mu held. */
static int enqueue(struct pool *p, pool_fn *fn, struct pool_result *res,
		   size_t at, const long *in, size_t n)
{
	struct queued *q = malloc(sizeof *q + n * sizeof(long));

	if (q == NULL)
		return -1;
	q->next = NULL;
	q->bytes = chunk_bytes(n);
	q->c.fn = fn;
	q->c.res = res;
	q->c.at = at;
	q->c.count = n;
	if (n > 0)
		memcpy(q->c.in, in, n * sizeof(long));
	*p->tail = q;
	p->tail = &q->next;
	pthread_cond_signal(&p->work);
	return 0;
}

static int spawn_thread(pthread_t *t, void *(*fn)(void *), struct pool *p)
{
	sigset_t every, was;
	int e;

	sigfillset(&every);
	pthread_sigmask(SIG_BLOCK, &every, &was);
	e = pthread_create(t, NULL, fn, p);
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	return e;
}

struct pool *pool_create(int processes)
{
	int tasks[2] = { -1, -1 }, answers[2] = { -1, -1 }, made = 0, e = 0;
	struct pool *p;

	if (processes <= 0) {
		errno = EINVAL;
		return NULL;
	}
	p = calloc(1, sizeof *p);
	if (p == NULL || (p->pid = calloc(processes, sizeof(pid_t))) == NULL ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, tasks) < 0 ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, answers) < 0) {
		e = errno;
		goto fail;
	}
	p->workers = processes;
	p->to_workers = tasks[1];
	p->from_workers = answers[0];
	p->answer_end = answers[1];
	p->tail = &p->head;
	p->ring.older = p->ring.newer = &p->ring;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->settled, NULL);
	fflush(NULL);
	for (; made < processes; made++) {
		pid_t pid = fork();

		if (pid < 0) {
			e = errno;
			break;
		}
		if (pid == 0)
			worker_main(p, tasks[0]);
		p->pid[made] = pid;
	}
	close(tasks[0]);
	tasks[0] = -1;
	if (e == 0 && (e = spawn_thread(&p->collector, collector_main, p)) == 0 &&
	    (e = spawn_thread(&p->feeder, feeder_main, p)) != 0) {
		struct answer stop = { 0 };

		send(p->answer_end, &stop, sizeof stop, MSG_NOSIGNAL);
		pthread_join(p->collector, NULL);
	}
	if (e == 0)
		return p;
	for (int i = 0; i < made; i++)
		kill(p->pid[i], SIGKILL);
	for (int i = 0; i < made; i++)
		waitpid(p->pid[i], NULL, 0);
fail:
	for (int i = 0; i < 2; i++) {
		if (tasks[i] >= 0)
			close(tasks[i]);
		if (answers[i] >= 0)
			close(answers[i]);
	}
	if (p != NULL)
		free(p->pid);
	free(p);
	errno = e;
	return NULL;
}

static struct pool_result *submit(struct pool *p, pool_fn *fn, const long *in,
				  size_t n, size_t per, long *out,
				  pool_callback *cb, void *ctx)
{
	struct pool_result *res = calloc(1, sizeof *res);

	if (res == NULL)
		return NULL;
	res->owner = p;
	res->out = out != NULL ? out : &res->one;
	res->todo = n;
	res->first_bad = SIZE_MAX;
	res->cb = cb;
	res->ctx = ctx;
	pthread_mutex_lock(&p->mu);
	if (p->phase != OPEN) {
		pthread_mutex_unlock(&p->mu);
		free(res);
		errno = EINVAL;
		return NULL;
	}
	res->newer = &p->ring;
	res->older = p->ring.older;
	res->older->newer = res;
	p->ring.older = res;
	for (size_t at = 0; at < n; at += per) {
		size_t k = n - at < per ? n - at : per;

		if (enqueue(p, fn, res, at, in + at, k) < 0) {
			/* Out of memory: what was not queued counts as failed. */
			res->todo -= n - at;
			if (at < res->first_bad) {
				res->first_bad = at;
				res->bad_err = ENOMEM;
			}
			if (res->todo == 0)
				settle(p, res, READY);
			break;
		}
	}
	if (n == 0)
		settle(p, res, READY);
	pthread_mutex_unlock(&p->mu);
	return res;
}

struct pool_result *pool_apply_async(struct pool *p, pool_fn *f, long x,
				     pool_callback *cb, void *ctx)
{
	return submit(p, f, &x, 1, 1, NULL, cb, ctx);
}

/* Wait until res settles or the deadline; mu held.  0 or ETIMEDOUT. */
static int await(struct pool *p, struct pool_result *res, double timeout)
{
	struct timespec end;
	int e = 0;

	if (timeout == NO_TIMEOUT) {
		while (res->phase == WAITING)
			pthread_cond_wait(&p->settled, &p->mu);
		return 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	if (timeout > 0) {
		double ns = end.tv_nsec + timeout * unit_ms() * 1e6;

		end.tv_sec += (time_t)(ns / 1e9);
		end.tv_nsec = (long)(ns - 1e9 * (time_t)(ns / 1e9));
	}
	while (res->phase == WAITING && e == 0)
		e = pthread_cond_clockwait(&p->settled, &p->mu, CLOCK_MONOTONIC, &end);
	return res->phase == WAITING ? ETIMEDOUT : 0;
}

int pool_get(struct pool_result *r, double timeout, long *y)
{
	struct pool *p = r->owner;
	int e;

	pthread_mutex_lock(&p->mu);
	e = await(p, r, timeout);
	pthread_mutex_unlock(&p->mu);
	if (e == 0 && r->phase == DROPPED)
		e = ECANCELED;
	else if (e == 0 && r->first_bad != SIZE_MAX)
		e = r->bad_err;
	if (e != 0) {
		errno = e;
		return -1;
	}
	*y = r->one;
	return 0;
}

int pool_ready(struct pool_result *r)
{
	return __atomic_load_n(&r->phase, __ATOMIC_ACQUIRE) != WAITING;
}

int pool_result_free(struct pool_result *r)
{
	if (r != NULL && !pool_ready(r)) {
		errno = EBUSY;
		return -1;
	}
	free(r);
	return 0;
}

/* apply is a map of one item into *y. */
int pool_apply(struct pool *p, pool_fn *f, long x, long *y)
{
	return pool_map(p, f, &x, 1, 1, y);
}

int pool_map(struct pool *p, pool_fn *f, const long *xs, size_t n,
	     size_t chunksize, long *ys)
{
	size_t per = chunksize;
	struct pool_result *r;
	int e = 0;

	if (per == 0) {
		size_t four = 4 * (size_t)p->workers;

		per = n / four + (n % four != 0);
	}
	per = per < 1 ? 1 : per > POOL_CHUNK_MAX ? POOL_CHUNK_MAX : per;
	if ((r = submit(p, f, xs, n, per, ys, NULL, NULL)) == NULL)
		return -1;
	pthread_mutex_lock(&p->mu);
	await(p, r, NO_TIMEOUT);
	pthread_mutex_unlock(&p->mu);
	if (r->phase == DROPPED)
		e = ECANCELED;
	else if (r->first_bad != SIZE_MAX)
		e = r->bad_err;
	free(r);
	errno = e;
	return e != 0 ? -1 : 0;
}

int pool_close(struct pool *p)
{
	pthread_mutex_lock(&p->mu);
	if (p->phase == OPEN)
		p->phase = SHUT;
	pthread_mutex_unlock(&p->mu);
	return 0;
}

/* Stop the feeder, then the collector (after every answer before it). */
static void stop_threads(struct pool *p)
{
	struct answer stop = { 0 };

	pthread_mutex_lock(&p->mu);
	p->stopping = 1;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->feeder, NULL);
	while (send(p->answer_end, &stop, sizeof stop, MSG_NOSIGNAL) < 0 && errno == EINTR)
		;
	pthread_join(p->collector, NULL);
}

static void reap_all(struct pool *p)
{
	for (int i = 0; i < p->workers; i++)
		while (waitpid(p->pid[i], NULL, 0) < 0 && errno == EINTR)
			;
}

int pool_join(struct pool *p)
{
	int e = 0;

	pthread_mutex_lock(&p->mu);
	if (p->phase == OPEN)
		e = EINVAL;
	else if (p->phase == SHUT)
		for (int i = 0; i < p->workers && e == 0; i++)
			if (enqueue(p, NULL, NULL, 0, NULL, 0) < 0)
				e = errno;
	pthread_mutex_unlock(&p->mu);
	if (e != 0) {
		errno = e;
		return -1;
	}
	if (p->phase == GONE)
		return 0;
	reap_all(p);            /* each exits after the tasks queued before it */
	stop_threads(p);
	p->phase = GONE;
	return 0;
}

int pool_terminate(struct pool *p)
{
	struct queued *q;

	if (p->phase == GONE)
		return 0;
	pthread_mutex_lock(&p->mu);
	p->phase = SHUT;
	while ((q = p->head) != NULL) {         /* never sent: never run */
		p->head = q->next;
		free(q);
	}
	p->tail = &p->head;
	pthread_mutex_unlock(&p->mu);
	for (int i = 0; i < p->workers; i++)
		kill(p->pid[i], SIGTERM);
	reap_all(p);            /* a feeder stuck in send now gets EPIPE */
	stop_threads(p);
	pthread_mutex_lock(&p->mu);
	while (p->ring.newer != &p->ring)
		settle(p, p->ring.newer, DROPPED);
	p->phase = GONE;
	pthread_mutex_unlock(&p->mu);
	return 0;
}

int pool_free(struct pool *p)
{
	if (p == NULL)
		return 0;
	pool_terminate(p);
	close(p->to_workers);
	close(p->from_workers);
	close(p->answer_end);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->settled);
	pthread_mutex_destroy(&p->mu);
	free(p->pid);
	free(p);
	return 0;
}
