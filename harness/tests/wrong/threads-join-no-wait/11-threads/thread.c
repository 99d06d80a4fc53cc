/*
 * WRONG (test data): join only looks: a thread still running is
 * reported ended (0) at once, and never reaped.  The main thread goes on
 * before the thread's work is done.
 */
#define _GNU_SOURCE
#include "thread.h"
#include "proclab.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { NEW, RUNNING, ENDED };

/*
 * registry_lock protects: the list `threads` (each thread's `next`), every
 * thread's `state` and `joined`, and main_thread's ident and native_id.
 * registry_changed: broadcast when a thread starts or ends.
 */
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t registry_changed = PTHREAD_COND_INITIALIZER;
static struct thread *threads;          /* started, not reaped; start order */

static struct thread main_thread = { .name = "MainThread" };
static _Atomic int thread_count;        /* for "Thread-N" names */
static _Thread_local struct thread *current;    /* NULL in the main thread */

static void lock(void)
{
	pthread_mutex_lock(&registry_lock);
}

static void unlock(void)
{
	pthread_mutex_unlock(&registry_lock);
}

/* Append t to the list (start order).  Call with registry_lock held. */
static void link_thread(struct thread *t)
{
	struct thread **p = &threads;

	while (*p)
		p = &(*p)->next;
	t->next = NULL;
	*p = t;
}

/* Take t off the list.  Call with registry_lock held. */
static void unlink_thread(struct thread *t)
{
	for (struct thread **p = &threads; *p; p = &(*p)->next)
		if (*p == t) {
			*p = t->next;
			return;
		}
}

/* The new thread: say who it is, run the target, say it ended. */
static void *bootstrap(void *arg)
{
	struct thread *t = arg;

	current = t;
	lock();
	t->ident = (unsigned long)pthread_self();
	t->native_id = gettid();
	t->state = RUNNING;
	pthread_cond_broadcast(&registry_changed);
	unlock();

	t->target(t->arg);

	lock();
	t->state = ENDED;
	if (t->daemon)
		unlink_thread(t);       /* detached: nobody reaps it */
	pthread_cond_broadcast(&registry_changed);
	unlock();                       /* t is not touched after this */
	return NULL;
}

/* Wait on registry_changed until deadline (NULL: for ever); 1 when it passed. */
static int wait_changed(const struct timespec *deadline)
{
	if (deadline == NULL)
		return pthread_cond_wait(&registry_changed, &registry_lock) != 0;
	return pthread_cond_clockwait(&registry_changed, &registry_lock,
				      CLOCK_MONOTONIC, deadline) == ETIMEDOUT;
}

/* Reap an ended non-daemon once, and take it off the list.  Lock held on
   entry and on return; dropped meanwhile. */
static void reap(struct thread *t)
{
	if (t->daemon || t->joined)
		return;
	t->joined = 1;
	unlink_thread(t);
	unlock();
	pthread_join(t->tid, NULL);     /* it has ended, or is about to */
	lock();
}

void thread_init(struct thread *t, const char *name, void (*target)(void *), void *arg)
{
	memset(t, 0, sizeof *t);
	if (name)
		snprintf(t->name, sizeof t->name, "%s", name);
	else
		snprintf(t->name, sizeof t->name, "Thread-%d", atomic_fetch_add(&thread_count, 1) + 1);
	t->daemon = thread_current()->daemon;
	t->target = target;
	t->arg = arg;
	t->state = NEW;
}

int thread_start(struct thread *t)
{
	pthread_attr_t attr;
	pthread_t tid;
	int e;

	lock();
	e = t->state != NEW || t->target == NULL ? EINVAL : 0;
	if (e == 0)
		link_thread(t);         /* counted from now: start waits below */
	unlock();
	if (e != 0) {
		errno = e;
		return -1;
	}
	pthread_attr_init(&attr);
	if (t->daemon)
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	e = pthread_create(&tid, &attr, bootstrap, t);
	pthread_attr_destroy(&attr);
	lock();
	if (e != 0) {
		unlink_thread(t);
		unlock();
		errno = e;
		return -1;
	}
	t->tid = tid;
	while (t->state == NEW)         /* Python's start waits for the thread */
		wait_changed(NULL);
	unlock();
	return 0;
}

int thread_join(struct thread *t, double timeout_units)
{
	struct timespec deadline;
	double ms = timeout_units * unit_ms();
	long long ns;
	int timed_out = 0, ended;

	if (t == thread_current()) {
		errno = EDEADLK;
		return -1;
	}
	if (!(timeout_units >= 0))
		ms = 0;                 /* negative: only look, as Python's join(-1) */
	if (ms > 1e12)
		ms = 1e12;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	ns = deadline.tv_nsec + (long long)(ms * 1e6) + 1;     /* never early */
	deadline.tv_sec += ns / 1000000000;
	deadline.tv_nsec = ns % 1000000000;
	lock();
	if (t->state == NEW) {
		unlock();
		errno = EINVAL;
		return -1;
	}
	(void)timed_out;
	ended = t->state == ENDED;
	if (ended)
		reap(t);
	unlock();
	return 0;
}

int thread_is_alive(struct thread *t)
{
	int alive;

	lock();
	alive = t->state == RUNNING;
	unlock();
	return alive;
}

struct thread *thread_current(void)
{
	if (current)
		return current;
	lock();
	if (main_thread.native_id == 0) {
		main_thread.ident = (unsigned long)pthread_self();
		main_thread.native_id = gettid();
		main_thread.state = RUNNING;
	}
	unlock();
	return &main_thread;
}

int thread_active_count(void)
{
	int n = 1;                      /* the main thread */

	lock();
	for (struct thread *t = threads; t; t = t->next)
		n += t->state == RUNNING;
	unlock();
	return n;
}

int thread_enumerate(struct thread **list, int max)
{
	int n = 0;

	thread_current();               /* in the main thread: its ids */
	if (max > 0)
		list[n++] = &main_thread;
	lock();
	for (struct thread *t = threads; t && n < max; t = t->next)
		if (t->state == RUNNING)
			list[n++] = t;
	unlock();
	return n;
}

int thread_join_non_daemon(void)
{
	struct thread *me = thread_current(), *t;

	if (me != &main_thread && !me->daemon) {
		errno = EDEADLK;
		return -1;
	}
	lock();
	for (;;) {
		for (t = threads; t && t->daemon; t = t->next)
			;
		if (t == NULL)
			break;
		if (t->state == ENDED)
			reap(t);
		else
			wait_changed(NULL);
	}
	unlock();
	return 0;
}
