/*
 * check_thread.c - unit tests for thread.c (Check).
 *
 * PROVIDED: the grader runs its own copy.  Run: ./check_thread
 * (CK_VERBOSITY=verbose lists every test; CK_FORK=no to debug in gdb).
 * Times are in units; unset PROCLAB_UNIT_MS means 50 ms here.  Lower
 * bounds on time are exact; upper bounds are far away.
 *
 * The grader builds these tests with ThreadSanitizer: a data race in
 * thread.c (or a non-daemon thread never joined: a "thread leak") stops
 * the test's process with a report on stderr, and the test fails with
 * "Early exit with return value 66".
 */
#define _GNU_SOURCE
#include "thread.h"
#include "labtest.h"
#include "proclab.h"

#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A gate threads wait at until the test opens it; gate_lock protects open. */
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_opened = PTHREAD_COND_INITIALIZER;
static int gate_open;

static void wait_at_gate(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&gate_lock);
	while (!gate_open)
		pthread_cond_wait(&gate_opened, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
}

static void open_gate(void)
{
	pthread_mutex_lock(&gate_lock);
	gate_open = 1;
	pthread_cond_broadcast(&gate_opened);
	pthread_mutex_unlock(&gate_lock);
}

static void nap(void *arg)
{
	sleep_units(*(double *)arg);
}

static void add_one(void *arg)
{
	++*(int *)arg;          /* read by the test only after join */
}

static void do_nothing(void *arg)
{
	(void)arg;
}

static void start(struct thread *t)
{
	ck_assert_msg(thread_start(t) == 0, "thread_start(%s): %s", t->name, strerror(errno));
}

static void join(struct thread *t)
{
	ck_assert_msg(thread_join(t, NO_TIMEOUT) == 0, "thread_join(%s): %s", t->name,
		      strerror(errno));
}

/* A target that joins the thread arg. */
static void join_arg(void *arg)
{
	thread_join(arg, NO_TIMEOUT);
}

/* Wait (at most 20 units) until t's target has returned. */
static void until_ended(struct thread *t)
{
	double t0 = now_units();

	while (thread_is_alive(t) == 1 && now_units() - t0 < 20)
		sleep_units(0.02);
	ck_assert_msg(thread_is_alive(t) == 0, "%s: is_alive still 1 long after its target "
		      "returned", t->name);
}

/* ---- basics ---- */

START_TEST(test_start_join_runs_target)
{
	struct thread t;
	int n = 0;

	thread_init(&t, "adder", add_one, &n);
	ck_assert_str_eq(t.name, "adder");
	ck_assert_int_eq(t.ident, 0);
	start(&t);
	join(&t);
	ck_assert_msg(n == 1, "the target ran %d times, not once (or its write was not "
		      "seen: a thread shares its process's memory)", n);
}
END_TEST

START_TEST(test_names)
{
	struct thread a, b, c;
	char buf[64] = "first-name";
	int na, nb;

	thread_init(&a, NULL, do_nothing, NULL);
	thread_init(&b, NULL, do_nothing, NULL);
	ck_assert_msg(sscanf(a.name, "Thread-%d", &na) == 1 && sscanf(b.name, "Thread-%d", &nb) == 1,
		      "default names \"%s\", \"%s\": want Thread-N", a.name, b.name);
	ck_assert_msg(nb == na + 1, "default names \"%s\" then \"%s\": N counts up by one",
		      a.name, b.name);
	thread_init(&c, buf, do_nothing, NULL);
	strcpy(buf, "changed");
	ck_assert_msg(strcmp(c.name, "first-name") == 0, "the name is \"%s\" after the caller "
		      "changed its buffer: thread_init must copy it", c.name);
	memset(buf, 'x', 40);
	buf[40] = '\0';
	thread_init(&c, buf, do_nothing, NULL);
	ck_assert_int_eq(strlen(c.name), 31);
	start(&a);
	join(&a);
	ck_assert_msg(strncmp(a.name, "Thread-", 7) == 0, "the name changed to \"%s\" on start",
		      a.name);
}
END_TEST

static void record_self(void *arg)
{
	struct thread **seen = arg;

	*seen = thread_current();
}

START_TEST(test_ident_native_id_current)
{
	struct thread a, b, *seen_a = NULL, *seen_b = NULL;

	thread_init(&a, "a", record_self, &seen_a);
	thread_init(&b, "b", record_self, &seen_b);
	start(&a);
	start(&b);
	ck_assert_msg(a.ident != 0 && a.native_id != 0, "after start: ident %lu native_id %d "
		      "(set them before start returns)", a.ident, (int)a.native_id);
	ck_assert_msg(a.ident != b.ident && a.native_id != b.native_id,
		      "two threads with the same ident or native_id");
	ck_assert_msg(a.native_id != getpid(), "a thread's native_id is its own thread id "
		      "(gettid), not the process's pid");
	join(&a);
	join(&b);
	ck_assert_msg(seen_a == &a && seen_b == &b, "thread_current() in a thread is not its "
		      "own struct thread");
	ck_assert_str_eq(thread_current()->name, "MainThread");
	ck_assert_int_eq(thread_current()->native_id, getpid());
}
END_TEST

START_TEST(test_start_errors)
{
	struct thread t;

	thread_init(&t, "t", do_nothing, NULL);
	assert_fails_with(thread_join(&t, NO_TIMEOUT), EINVAL);      /* not started */
	start(&t);
	assert_fails_with(thread_start(&t), EINVAL);            /* started twice */
	join(&t);
	assert_fails_with(thread_start(&t), EINVAL);            /* ended: not again */
	thread_init(&t, "no target", NULL, NULL);
	assert_fails_with(thread_start(&t), EINVAL);
}
END_TEST

/*
 * start returns once the thread runs (Python's start waits for that):
 * right after it, the thread is alive and has its ids.  100 starts, in 5
 * rounds of 20 threads, each checked at once: a start that returns before
 * the new thread has run loses this race on nearly every run.
 */
START_TEST(test_start_waits_until_running)
{
	struct thread ts[20];

	for (int round = 0; round < 5; round++) {
		gate_open = 0;
		for (int i = 0; i < 20; i++) {
			thread_init(&ts[i], NULL, wait_at_gate, NULL);
			start(&ts[i]);
			ck_assert_msg(thread_is_alive(&ts[i]) == 1 && ts[i].ident != 0 &&
				      ts[i].native_id != 0, "right after thread_start: is_alive "
				      "%d, ident %lu, native_id %d -- start must wait until the "
				      "thread runs", thread_is_alive(&ts[i]), ts[i].ident,
				      (int)ts[i].native_id);
		}
		open_gate();
		for (int i = 0; i < 20; i++)
			join(&ts[i]);
	}
}
END_TEST

/* A non-daemon thread joining itself, directly or through join_non_daemon. */
static void join_self(void *arg)
{
	int *ok = arg;

	ok[0] = thread_join(thread_current(), NO_TIMEOUT) < 0 && errno == EDEADLK;
	ok[1] = thread_join_non_daemon() < 0 && errno == EDEADLK;
}

START_TEST(test_join_self)
{
	struct thread t;
	int ok[2] = { 0, 0 };

	thread_init(&t, "self", join_self, ok);
	start(&t);
	join(&t);
	ck_assert_msg(ok[0], "a thread joining itself: want -1 with EDEADLK");
	ck_assert_msg(ok[1], "thread_join_non_daemon in a non-daemon thread (not main): want "
		      "-1 with EDEADLK (it would wait for itself)");
}
END_TEST

/* ---- join and is_alive ---- */

START_TEST(test_join_waits)
{
	struct thread t;
	double units = 1, t0 = now_units();

	thread_init(&t, "napper", nap, &units);
	start(&t);
	join(&t);
	assert_waited(t0, 1);
	ck_assert_int_eq(thread_is_alive(&t), 0);
	ck_assert_int_eq(thread_join(&t, NO_TIMEOUT), 0);       /* again: at once */
}
END_TEST

START_TEST(test_join_timeout)
{
	struct thread t;
	double units = 3, t0;

	thread_init(&t, "napper", nap, &units);
	start(&t);
	t0 = now_units();
	ck_assert_int_eq(thread_join(&t, 0.5), 1);
	assert_waited(t0, 0.5);
	assert_within(t0, 2.5);
	ck_assert_int_eq(thread_is_alive(&t), 1);
	t0 = now_units();
	ck_assert_int_eq(thread_join(&t, -1), 1);               /* only looks */
	ck_assert_int_eq(thread_join(&t, 0), 1);
	assert_within(t0, 1);
	ck_assert_int_eq(thread_join(&t, 30), 0);
	ck_assert_int_eq(thread_is_alive(&t), 0);
}
END_TEST

/*
 * Wake-ups that are not for the joiner: TICKERS threads each start and
 * join a short thread every 0.05 unit (each start and each end may wake
 * every waiting join), for at most BUSY_UNITS.  join(t, 2) must still
 * return after 2 units: its deadline is fixed when it is called.  A join
 * that computes now + 2 again at each wake-up waits until the others stop
 * (all of them starved for 2 units at once, on a loaded machine, would
 * let it through).
 */
#define TICKERS 3
#define BUSY_UNITS 10.0

static int busy;                /* the ticking threads go on while set */

static void tick(void *arg)
{
	struct thread t;
	double t0 = now_units();

	(void)arg;
	while (__atomic_load_n(&busy, __ATOMIC_SEQ_CST) &&
	       now_units() - t0 < BUSY_UNITS) {
		sleep_units(0.05);
		thread_init(&t, "tick", do_nothing, NULL);
		if (thread_start(&t) < 0 || thread_join(&t, NO_TIMEOUT) < 0)
			return;
	}
}

START_TEST(test_join_timeout_busy)
{
	struct thread gated, tickers[TICKERS];
	double t0, took;
	int got;

	gate_open = 0;
	thread_init(&gated, "gated", wait_at_gate, NULL);
	start(&gated);
	__atomic_store_n(&busy, 1, __ATOMIC_SEQ_CST);
	for (int i = 0; i < TICKERS; i++) {
		thread_init(&tickers[i], NULL, tick, NULL);
		start(&tickers[i]);
	}
	t0 = now_units();
	got = thread_join(&gated, 2);
	took = now_units() - t0;
	__atomic_store_n(&busy, 0, __ATOMIC_SEQ_CST);
	for (int i = 0; i < TICKERS; i++)
		join(&tickers[i]);
	open_gate();
	join(&gated);
	ck_assert_msg(took >= 2 - EPS, "thread_join(t, 2) returned after %.3f "
		      "units, before its timeout", took);
	ck_assert_msg(took < 4, "thread_join(t, 2) took %.2f units while other "
		      "threads started and ended every 0.05 unit (for up to %g "
		      "units): want about 2.  Is the deadline computed again at "
		      "each wake-up?  Fix it once, when join is called", took,
		      BUSY_UNITS);
	ck_assert_msg(got == 1, "thread_join(t, 2) of a thread waiting at a gate "
		      "returned %d, want 1 (timed out)", got);
}
END_TEST

/*
 * A thread that lingers: after its target returns, its key's destructor
 * keeps it 0.5 unit from its end, so every join woken by the target's
 * return is still waiting for the thread itself.
 */
static pthread_key_t linger_key;

static void linger(void *value)
{
	(void)value;
	sleep_units(0.5);
}

static void wait_then_linger(void *arg)
{
	wait_at_gate(arg);
	pthread_setspecific(linger_key, &linger_key);   /* any non-NULL */
}

START_TEST(test_join_from_many)
{
	struct thread gated, joiners[4];

	/* Python lets any number of threads join one thread at once: each
	   returns once it ends, and it is reaped once. */
	ck_assert_int_eq(pthread_key_create(&linger_key, linger), 0);
	gate_open = 0;
	thread_init(&gated, "gated", wait_then_linger, NULL);
	start(&gated);
	for (int i = 0; i < 4; i++) {
		thread_init(&joiners[i], NULL, join_arg, &gated);
		start(&joiners[i]);
	}
	sleep_units(0.5);               /* all four wait in join */
	open_gate();
	for (int i = 0; i < 4; i++)
		join(&joiners[i]);
	ck_assert_int_eq(thread_join(&gated, 0), 0);
	ck_assert_msg(thread_active_count() == 1, "after all joined: active_count "
		      "%d, want 1", thread_active_count());
}
END_TEST

START_TEST(test_is_alive)
{
	struct thread t;

	gate_open = 0;
	thread_init(&t, "waiter", wait_at_gate, NULL);
	ck_assert_int_eq(thread_is_alive(&t), 0);               /* not started */
	start(&t);
	ck_assert_int_eq(thread_is_alive(&t), 1);
	open_gate();
	until_ended(&t);
	join(&t);
	ck_assert_int_eq(thread_is_alive(&t), 0);
}
END_TEST

/* ---- active_count and enumerate ---- */

START_TEST(test_active_count)
{
	struct thread ts[3];

	gate_open = 0;
	ck_assert_int_eq(thread_active_count(), 1);
	for (int i = 0; i < 3; i++) {
		thread_init(&ts[i], NULL, wait_at_gate, NULL);
		start(&ts[i]);
	}
	ck_assert_msg(thread_active_count() == 4, "3 threads running: active_count %d, "
		      "want 4 (the main thread counts)", thread_active_count());
	open_gate();
	for (int i = 0; i < 3; i++)
		until_ended(&ts[i]);
	ck_assert_msg(thread_active_count() == 1, "every target has returned (not joined "
		      "yet): active_count %d, want 1 -- a finished thread is not active",
		      thread_active_count());
	for (int i = 0; i < 3; i++)
		join(&ts[i]);
	ck_assert_int_eq(thread_active_count(), 1);
}
END_TEST

START_TEST(test_enumerate)
{
	struct thread ts[3], *list[8];
	char name[16];
	int n;

	gate_open = 0;
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof name, "w%d", i);
		thread_init(&ts[i], name, wait_at_gate, NULL);
		start(&ts[i]);
	}
	n = thread_enumerate(list, 8);
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(list[0]->name, "MainThread");
	for (int i = 0; i < 3; i++)
		ck_assert_msg(list[i + 1] == &ts[i], "enumerate[%d] is \"%s\", want w%d (start "
			      "order)", i + 1, list[i + 1]->name, i);
	ck_assert_int_eq(thread_enumerate(list, 2), 2);         /* max is kept */
	open_gate();
	for (int i = 0; i < 3; i++)
		until_ended(&ts[i]);
	ck_assert_int_eq(thread_enumerate(list, 8), 1);
	for (int i = 0; i < 3; i++)
		join(&ts[i]);
}
END_TEST

/*
 * Churn: 4 threads each start and join 40 short threads at once, while
 * the test reads active_count: the registry is changed by many threads
 * together.  Without its lock, ThreadSanitizer reports the race, and a
 * lost link shows as a wrong count.
 */
static void churn(void *arg)
{
	struct thread ts[8];

	(void)arg;
	for (int round = 0; round < 5; round++) {
		for (int i = 0; i < 8; i++) {
			thread_init(&ts[i], NULL, do_nothing, NULL);
			if (thread_start(&ts[i]) < 0)
				return;
		}
		for (int i = 0; i < 8; i++)
			if (thread_join(&ts[i], NO_TIMEOUT) < 0)
				return;
	}
}

START_TEST(test_churn)
{
	struct thread ts[4], blocked, joiner;
	int most = 0, n;

	/* One thread waits in join all along: a wake-up it takes must not be
	   lost to the threads starting and joining meanwhile. */
	gate_open = 0;
	thread_init(&blocked, "blocked", wait_at_gate, NULL);
	start(&blocked);
	thread_init(&joiner, "joiner", join_arg, &blocked);
	start(&joiner);
	sleep_units(0.5);
	for (int i = 0; i < 4; i++) {
		thread_init(&ts[i], NULL, churn, NULL);
		start(&ts[i]);
	}
	for (int i = 0; i < 50; i++)
		if ((n = thread_active_count()) > most)
			most = n;
	for (int i = 0; i < 4; i++)
		join(&ts[i]);
	open_gate();
	join(&joiner);
	join(&blocked);         /* reaped by the joiner already: at once */
	ck_assert_msg(most <= 39, "active_count said %d: at most 1 + 2 + 4 + 4 x 8 are alive",
		      most);
	ck_assert_msg(thread_active_count() == 1, "after all joined: active_count %d, want 1",
		      thread_active_count());
}
END_TEST

/* ---- daemon threads ---- */

static void make_child(void *arg)
{
	struct thread *child = arg;

	thread_init(child, "child", do_nothing, NULL);
}

START_TEST(test_daemon_inherited)
{
	struct thread d, n, cd, cn;

	thread_init(&d, "d", make_child, &cd);
	d.daemon = 1;
	thread_init(&n, "n", make_child, &cn);
	ck_assert_int_eq(n.daemon, 0);                          /* the main thread's */
	start(&d);
	start(&n);
	join(&d);
	join(&n);
	ck_assert_msg(cd.daemon == 1, "a thread made by a daemon thread is a daemon");
	ck_assert_msg(cn.daemon == 0, "a thread made by a non-daemon thread is not a daemon");
}
END_TEST

START_TEST(test_daemon_can_be_joined)
{
	struct thread d, *list[8];
	double units = 1, t0 = now_units();

	thread_init(&d, "d", nap, &units);
	d.daemon = 1;
	start(&d);
	ck_assert_int_eq(thread_is_alive(&d), 1);
	join(&d);
	assert_waited(t0, 1);
	ck_assert_int_eq(thread_is_alive(&d), 0);

	/* Ended and joined, d is its caller's again: here, for a second daemon.
	   An ended daemon that stayed on thread.c's list shows up now. */
	gate_open = 0;
	thread_init(&d, "d again", wait_at_gate, NULL);
	d.daemon = 1;
	start(&d);
	ck_assert_msg(thread_active_count() == 2, "one daemon running (its struct reused after "
		      "the first daemon in it ended): active_count %d, want 2 -- does an ended "
		      "daemon leave the list?", thread_active_count());
	open_gate();
	join(&d);
	ck_assert_int_eq(thread_enumerate(list, 8), 1);
}
END_TEST

/*
 * The worker naps 1 unit, then starts one more non-daemon thread, `late`,
 * which naps 1 unit: join_non_daemon waits for it too (a thread started
 * meanwhile), so it returns after 2 units, not 1.
 */
static struct thread late;              /* outlives the worker that starts it */
static double late_nap = 1;

static void nap_then_start_late(void *arg)
{
	sleep_units(*(double *)arg);
	thread_init(&late, "late", nap, &late_nap);
	if (thread_start(&late) < 0)
		late.name[0] = '\0';           /* the test reports it */
}

START_TEST(test_join_non_daemon)
{
	static struct thread d;         /* runs on after the test: not on its stack */
	static double long_nap = 60;
	struct thread w;
	double units = 1, t0 = now_units();

	thread_init(&d, "sleepy daemon", nap, &long_nap);
	d.daemon = 1;
	thread_init(&w, "worker", nap_then_start_late, &units);
	start(&d);
	start(&w);
	ck_assert_int_eq(thread_join_non_daemon(), 0);
	ck_assert_msg(strcmp(late.name, "late") == 0, "the worker could not start a thread");
	ck_assert_msg(thread_is_alive(&w) == 0, "join_non_daemon returned while the worker "
		      "(not a daemon) still ran");
	ck_assert_msg(thread_is_alive(&late) == 0, "join_non_daemon returned while a thread "
		      "the worker started meanwhile (not a daemon) still ran");
	assert_waited(t0, 2);
	assert_within(t0, 10);          /* not the daemon's 60 */
	ck_assert_int_eq(thread_is_alive(&d), 1);
	ck_assert_int_eq(thread_active_count(), 2);
	ck_assert_int_eq(thread_join(&w, NO_TIMEOUT), 0);       /* reaped already: fine */
}
END_TEST

static Suite *make_thread_suite(void)
{
	Suite *s = suite_create("thread");
	TCase *basics, *joins, *counts, *daemons;

	/* 100 starts under ThreadSanitizer (test_start_waits_until_running)
	   took 3 s with the machine's load at 18: the limit is for a start
	   that never returns. */
	basics = add_tcase(s, "basics", 60);
	tcase_add_test(basics, test_start_join_runs_target);
	tcase_add_test(basics, test_names);
	tcase_add_test(basics, test_ident_native_id_current);
	tcase_add_test(basics, test_start_errors);
	tcase_add_test(basics, test_start_waits_until_running);
	tcase_add_test(basics, test_join_self);

	joins = add_tcase(s, "joins", 30);
	tcase_add_test(joins, test_join_waits);
	tcase_add_test(joins, test_join_timeout);
	tcase_add_test(joins, test_join_timeout_busy);
	tcase_add_test(joins, test_join_from_many);
	tcase_add_test(joins, test_is_alive);

	counts = add_tcase(s, "counts", 30);
	tcase_add_test(counts, test_active_count);
	tcase_add_test(counts, test_enumerate);
	tcase_add_test(counts, test_churn);

	daemons = add_tcase(s, "daemons", 10);
	tcase_add_test(daemons, test_daemon_inherited);
	tcase_add_test(daemons, test_daemon_can_be_joined);
	tcase_add_test(daemons, test_join_non_daemon);
	return s;
}

int main(void)
{
	return run_suite(make_thread_suite());
}
