/*
 * RIGHT (test data), unlike the reference: the threads alive are kept in
 * an array in start order, not a list; a non-daemon is joined with
 * pthread_join / pthread_timedjoin_np itself (a CLOCK_REALTIME deadline),
 * not by waiting for it on the condition variable first; is_alive reads
 * the state with an atomic load, no lock.
 */
#define _GNU_SOURCE
#include "thread.h"
#include "proclab.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAXT 1024

enum { NEW, RUNNING, ENDED };                   /* t->state */
enum { NOT_JOINED, JOINING, JOINED };           /* t->joined, non-daemons */

/*
 * table_lock protects table and ntable, every thread's joined, and the
 * writes of every thread's state (reads may be atomic loads without it).
 * table_changed: broadcast when a thread starts, ends or is joined.
 */
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t table_changed = PTHREAD_COND_INITIALIZER;
static struct thread *table[MAXT];              /* started, not reaped */
static int ntable;

static struct thread main_thread = { .name = "MainThread" };
static int last_number;                         /* Thread-N; under table_lock */
static _Thread_local struct thread *self;

static int state_of(struct thread *t)
{
	return __atomic_load_n(&t->state, __ATOMIC_ACQUIRE);
}

static void set_state(struct thread *t, int s)
{
	__atomic_store_n(&t->state, s, __ATOMIC_RELEASE);
}

/* Take t out of the table, keeping the order.  table_lock held. */
static void forget(struct thread *t)
{
	for (int i = 0; i < ntable; i++)
		if (table[i] == t) {
			memmove(&table[i], &table[i + 1], (ntable - i - 1) * sizeof table[0]);
			ntable--;
			return;
		}
}

static void *run(void *arg)
{
	struct thread *t = arg;

	self = t;
	pthread_mutex_lock(&table_lock);
	t->ident = (unsigned long)pthread_self();
	t->native_id = gettid();
	set_state(t, RUNNING);
	pthread_cond_broadcast(&table_changed);
	pthread_mutex_unlock(&table_lock);
	t->target(t->arg);
	pthread_mutex_lock(&table_lock);
	set_state(t, ENDED);
	if (t->daemon)
		forget(t);
	pthread_cond_broadcast(&table_changed);
	pthread_mutex_unlock(&table_lock);
	return NULL;
}

struct thread *thread_current(void)
{
	if (self)
		return self;
	pthread_mutex_lock(&table_lock);
	if (main_thread.ident == 0) {
		main_thread.ident = (unsigned long)pthread_self();
		main_thread.native_id = gettid();
		set_state(&main_thread, RUNNING);
	}
	pthread_mutex_unlock(&table_lock);
	return &main_thread;
}

void thread_init(struct thread *t, const char *name, void (*target)(void *), void *arg)
{
	int daemon = thread_current()->daemon, n;

	memset(t, 0, sizeof *t);
	pthread_mutex_lock(&table_lock);
	n = name ? 0 : ++last_number;
	pthread_mutex_unlock(&table_lock);
	if (name)
		strncpy(t->name, name, sizeof t->name - 1);
	else
		snprintf(t->name, sizeof t->name, "Thread-%d", n);
	t->daemon = daemon;
	t->target = target;
	t->arg = arg;
}

int thread_start(struct thread *t)
{
	pthread_t tid;
	int e = 0;

	pthread_mutex_lock(&table_lock);
	if (state_of(t) != NEW || t->target == NULL)
		e = EINVAL;
	else if (ntable == MAXT)
		e = EAGAIN;
	else
		table[ntable++] = t;
	pthread_mutex_unlock(&table_lock);
	if (e == 0 && (e = pthread_create(&tid, NULL, run, t)) != 0) {
		pthread_mutex_lock(&table_lock);
		forget(t);
		pthread_mutex_unlock(&table_lock);
	}
	if (e != 0) {
		errno = e;
		return -1;
	}
	if (t->daemon)
		pthread_detach(tid);
	pthread_mutex_lock(&table_lock);
	t->tid = tid;
	while (state_of(t) == NEW)
		pthread_cond_wait(&table_changed, &table_lock);
	pthread_mutex_unlock(&table_lock);
	return 0;
}

/* deadline: now + ms on clock c, rounded up a nanosecond. */
static struct timespec deadline_in(clockid_t c, double ms)
{
	struct timespec d;
	long long ns;

	clock_gettime(c, &d);
	ns = d.tv_nsec + (long long)(ms * 1e6) + 1;
	d.tv_sec += ns / 1000000000;
	d.tv_nsec = ns % 1000000000;
	return d;
}

/* Join non-daemon t with pthread; table_lock held, t->joined NOT_JOINED.  0, 1 or errno. */
static int pthread_reap(struct thread *t, const struct timespec *realtime)
{
	int r;

	t->joined = JOINING;            /* one pthread_join at a time */
	pthread_mutex_unlock(&table_lock);
	r = realtime ? pthread_timedjoin_np(t->tid, NULL, realtime) : pthread_join(t->tid, NULL);
	pthread_mutex_lock(&table_lock);
	t->joined = r == 0 ? JOINED : NOT_JOINED;
	if (r == 0)
		forget(t);
	pthread_cond_broadcast(&table_changed);
	return r == ETIMEDOUT ? 1 : r;
}

int thread_join(struct thread *t, double timeout_units)
{
	double ms = timeout_units >= 0 ? timeout_units * unit_ms() : 0;
	int forever = timeout_units == NO_TIMEOUT, r = 0;
	struct timespec mono, real;

	if (t == thread_current()) {
		errno = EDEADLK;
		return -1;
	}
	if (ms > 1e12)
		ms = 1e12;
	mono = deadline_in(CLOCK_MONOTONIC, ms);
	real = deadline_in(CLOCK_REALTIME, ms);
	pthread_mutex_lock(&table_lock);
	if (state_of(t) == NEW) {
		pthread_mutex_unlock(&table_lock);
		errno = EINVAL;
		return -1;
	}
	for (;;) {
		if (!t->daemon && t->joined == NOT_JOINED) {
			r = pthread_reap(t, forever ? NULL : &real);
			break;
		}
		if (t->daemon ? state_of(t) == ENDED : t->joined == JOINED)
			break;
		/* a daemon, or another thread is joining t: wait for the news */
		if (forever)
			pthread_cond_wait(&table_changed, &table_lock);
		else if (pthread_cond_clockwait(&table_changed, &table_lock, CLOCK_MONOTONIC,
						&mono) == ETIMEDOUT) {
			r = state_of(t) == ENDED && t->daemon ? 0 : 1;
			break;
		}
	}
	pthread_mutex_unlock(&table_lock);
	if (r > 1) {
		errno = r;
		return -1;
	}
	return r;
}

int thread_is_alive(struct thread *t)
{
	return state_of(t) == RUNNING;
}

int thread_active_count(void)
{
	int n = 1;

	pthread_mutex_lock(&table_lock);
	for (int i = 0; i < ntable; i++)
		n += state_of(table[i]) == RUNNING;
	pthread_mutex_unlock(&table_lock);
	return n;
}

int thread_enumerate(struct thread **list, int max)
{
	int n = 0;

	if (max <= 0)
		return 0;
	thread_current();
	list[n++] = &main_thread;
	pthread_mutex_lock(&table_lock);
	for (int i = 0; i < ntable && n < max; i++)
		if (state_of(table[i]) == RUNNING)
			list[n++] = table[i];
	pthread_mutex_unlock(&table_lock);
	return n;
}

int thread_join_non_daemon(void)
{
	struct thread *me = thread_current();

	if (me != &main_thread && !me->daemon) {
		errno = EDEADLK;
		return -1;
	}
	pthread_mutex_lock(&table_lock);
	for (;;) {
		struct thread *t = NULL;

		for (int i = 0; i < ntable && t == NULL; i++)
			if (!table[i]->daemon)
				t = table[i];
		if (t == NULL)
			break;
		if (t->joined == NOT_JOINED)
			pthread_reap(t, NULL);
		else
			pthread_cond_wait(&table_changed, &table_lock);
	}
	pthread_mutex_unlock(&table_lock);
	return 0;
}
