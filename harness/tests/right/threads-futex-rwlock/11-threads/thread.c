/*
 * RIGHT (test data), unlike the reference: no condition variable.  Each
 * thread's state is an atomic that start and join wait on with futex
 * (FUTEX_WAIT_BITSET, an absolute CLOCK_MONOTONIC deadline); the registry
 * is a growable array behind a read-write lock; a non-daemon is claimed
 * for reaping with an atomic compare-and-swap on joined; the daemon is
 * detached after pthread_create; join_non_daemon sleeps on a global
 * counter of ended threads.
 */
#define _GNU_SOURCE
#include "thread.h"
#include "proclab.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* ===== YOUR CODE HERE: replace the stub below ===== */
enum { NOT_STARTED, STARTING, RUNNING, ENDED };

static pthread_rwlock_t reg_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct thread **reg;             /* start order; under reg_lock */
static int reg_len, reg_cap;
static int name_seq;                    /* __atomic */
static int end_gen;                     /* __atomic: +1 whenever a thread ends */
static struct thread main_thread = { .name = "MainThread", .state = RUNNING };
static _Thread_local struct thread *current;
static _Thread_local struct thread dummy;

/* Only the main thread itself fills in its ids, on its first call. */
static void init_main_thread(void)
{
	main_thread.ident = (unsigned long)pthread_self();
	main_thread.native_id = gettid();
	main_thread.tid = pthread_self();
	current = &main_thread;
}

static int load(int *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store_wake(int *p, int v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
	syscall(SYS_futex, p, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

/* Sleep while *p == v, until woken or the absolute deadline (NULL: none). */
static void wait_while(int *p, int v, const struct timespec *deadline)
{
	syscall(SYS_futex, p, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, v, deadline, NULL,
		FUTEX_BITSET_MATCH_ANY);
}

/* reg_lock held for writing */
static int reg_add(struct thread *t)
{
	if (reg_len == reg_cap) {
		int cap = reg_cap ? 2 * reg_cap : 16;
		struct thread **r = realloc(reg, cap * sizeof *r);

		if (r == NULL)
			return -1;
		reg = r;
		reg_cap = cap;
	}
	reg[reg_len++] = t;
	return 0;
}

/* reg_lock held for writing */
static void reg_remove(struct thread *t)
{
	for (int i = 0; i < reg_len; i++)
		if (reg[i] == t) {
			memmove(&reg[i], &reg[i + 1], (reg_len - i - 1) * sizeof *reg);
			reg_len--;
			return;
		}
}

static void *bootstrap(void *arg)
{
	struct thread *t = arg;

	current = t;
	t->tid = pthread_self();
	t->ident = (unsigned long)pthread_self();
	t->native_id = gettid();
	store_wake(&t->state, RUNNING);         /* publishes the ids too */

	t->target(t->arg);

	if (t->daemon) {                        /* nobody reaps a daemon */
		pthread_rwlock_wrlock(&reg_lock);
		reg_remove(t);
		pthread_rwlock_unlock(&reg_lock);
	}
	store_wake(&t->state, ENDED);           /* t may be gone after this */
	/* then tell join_non_daemon, which rescans only when end_gen moves */
	__atomic_add_fetch(&end_gen, 1, __ATOMIC_RELEASE);
	syscall(SYS_futex, &end_gen, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
	return NULL;
}
/* ===== END OF YOUR CODE ===== */

void thread_init(struct thread *t, const char *name, void (*target)(void *), void *arg)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	memset(t, 0, sizeof *t);
	if (name != NULL)
		snprintf(t->name, sizeof t->name, "%s", name);
	else
		snprintf(t->name, sizeof t->name, "Thread-%d",
			 __atomic_add_fetch(&name_seq, 1, __ATOMIC_RELAXED));
	t->target = target;
	t->arg = arg;
	t->daemon = thread_current()->daemon;
	/* ===== END OF YOUR CODE ===== */
}

int thread_start(struct thread *t)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	int expect = NOT_STARTED, err;
	pthread_t tid;

	if (t->target == NULL ||
	    !__atomic_compare_exchange_n(&t->state, &expect, STARTING, 0, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		errno = EINVAL;
		return -1;
	}
	pthread_rwlock_wrlock(&reg_lock);
	err = reg_add(t) < 0 ? ENOMEM : 0;
	pthread_rwlock_unlock(&reg_lock);
	if (err == 0 && (err = pthread_create(&tid, NULL, bootstrap, t)) != 0) {
		pthread_rwlock_wrlock(&reg_lock);
		reg_remove(t);
		pthread_rwlock_unlock(&reg_lock);
	}
	if (err != 0) {
		__atomic_store_n(&t->state, NOT_STARTED, __ATOMIC_RELEASE);
		errno = err;
		return -1;
	}
	if (t->daemon)
		pthread_detach(tid);
	while (load(&t->state) == STARTING)
		wait_while(&t->state, STARTING, NULL);
	return 0;
	/* ===== END OF YOUR CODE ===== */
}

int thread_join(struct thread *t, double timeout_units)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	struct timespec dl;
	int s, zero = 0;

	if (t == thread_current()) {
		errno = EDEADLK;
		return -1;
	}
	if (load(&t->state) == NOT_STARTED) {
		errno = EINVAL;
		return -1;
	}
	if (timeout_units > 0 && timeout_units != NO_TIMEOUT) {
		long long ns = (long long)(timeout_units * unit_ms() * 1e6);

		clock_gettime(CLOCK_MONOTONIC, &dl);
		ns += dl.tv_nsec;
		dl.tv_sec += ns / 1000000000;
		dl.tv_nsec = ns % 1000000000;
	}
	while ((s = load(&t->state)) != ENDED) {
		struct timespec now;

		if (timeout_units <= 0)
			return 1;
		if (timeout_units != NO_TIMEOUT) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec > dl.tv_sec ||
			    (now.tv_sec == dl.tv_sec && now.tv_nsec >= dl.tv_nsec))
				return 1;
		}
		wait_while(&t->state, s, timeout_units == NO_TIMEOUT ? NULL : &dl);
	}
	/* ended: the first joiner of a non-daemon reaps it */
	if (!t->daemon && __atomic_compare_exchange_n(&t->joined, &zero, 1, 0, __ATOMIC_ACQ_REL,
						      __ATOMIC_ACQUIRE)) {
		pthread_rwlock_wrlock(&reg_lock);
		reg_remove(t);
		pthread_rwlock_unlock(&reg_lock);
		pthread_join(t->tid, NULL);
	}
	return 0;
	/* ===== END OF YOUR CODE ===== */
}

int thread_is_alive(struct thread *t)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	return load(&t->state) == RUNNING;
	/* ===== END OF YOUR CODE ===== */
}

struct thread *thread_current(void)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	if (current == NULL && gettid() == getpid())
		init_main_thread();
	if (current == NULL) {          /* a thread thread.c did not start */
		snprintf(dummy.name, sizeof dummy.name, "Dummy-%d", (int)gettid());
		dummy.daemon = 1;
		dummy.state = RUNNING;
		current = &dummy;
	}
	return current;
	/* ===== END OF YOUR CODE ===== */
}

int thread_active_count(void)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	int n = 1;

	pthread_rwlock_rdlock(&reg_lock);
	for (int i = 0; i < reg_len; i++)
		n += load(&reg[i]->state) == RUNNING;
	pthread_rwlock_unlock(&reg_lock);
	return n;
	/* ===== END OF YOUR CODE ===== */
}

int thread_enumerate(struct thread **list, int max)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	int n = 0;

	if (max < 1)
		return 0;
	list[n++] = &main_thread;
	pthread_rwlock_rdlock(&reg_lock);
	for (int i = 0; i < reg_len && n < max; i++)
		if (load(&reg[i]->state) == RUNNING)
			list[n++] = reg[i];
	pthread_rwlock_unlock(&reg_lock);
	return n;
	/* ===== END OF YOUR CODE ===== */
}

int thread_join_non_daemon(void)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	struct thread *me = thread_current();

	if (me != &main_thread && !me->daemon) {
		errno = EDEADLK;
		return -1;
	}
	for (;;) {
		int gen = load(&end_gen), waiting = 0, zero;
		struct thread *reap = NULL;
		pthread_t tid;

		pthread_rwlock_wrlock(&reg_lock);
		for (int i = 0; i < reg_len && reap == NULL; i++) {
			struct thread *p = reg[i];

			if (p->daemon || p == me)
				continue;
			zero = 0;
			if (load(&p->state) == ENDED &&
			    __atomic_compare_exchange_n(&p->joined, &zero, 1, 0, __ATOMIC_ACQ_REL,
							__ATOMIC_ACQUIRE)) {
				reap = p;
				tid = p->tid;
				reg_remove(p);
			} else {
				waiting = 1;
			}
		}
		pthread_rwlock_unlock(&reg_lock);
		if (reap != NULL)
			pthread_join(tid, NULL);
		else if (waiting)
			wait_while(&end_gen, gen, NULL);
		else
			return 0;
	}
	/* ===== END OF YOUR CODE ===== */
}
