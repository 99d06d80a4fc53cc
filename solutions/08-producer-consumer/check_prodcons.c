/*
 * check_prodcons.c - unit tests for jqueue.c and prodcons.c (Check).
 *
 * PROVIDED: the grader runs its own copy.  Run: ./check_prodcons
 * (CK_VERBOSITY=verbose lists every test; CK_FORK=no to debug in gdb).
 * Times are in units; unset PROCLAB_UNIT_MS means 50 ms here.  Lower
 * bounds on time are exact; upper bounds are far away, so a loaded
 * machine does not fail a right answer.
 *
 * The queues are your lab 06 queue.  A child in these tests never calls
 * ck_assert: it exits with a code that names what went wrong (see each
 * test), and the test asserts that the code is 0.
 */
#define _GNU_SOURCE
#include "jqueue.h"
#include "labtest.h"
#include "prodcons.h"
#include "proclab.h"

#include <check.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- helpers ---- */

static struct jqueue *new_jqueue(void)
{
	struct jqueue *q = jqueue_create(0);

	ck_assert_msg(q != NULL, "jqueue_create: %s", strerror(errno));
	ck_assert_int_eq(jqueue_unfinished(q), 0);
	return q;
}

static struct queue *new_queue(void)
{
	struct queue *q = queue_create(0);

	ck_assert_msg(q != NULL, "queue_create (your lab 06): %s", strerror(errno));
	return q;
}

/* A page the test and its children share. */
static void *shared_new(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	ck_assert_ptr_ne(p, MAP_FAILED);
	return p;
}

/* Put the C string s into q (with the jqueue's count). */
static void put_str(struct jqueue *q, const char *s)
{
	ck_assert_msg(jqueue_put(q, s, strlen(s)) == 0, "jqueue_put(\"%s\"): %s",
		      s, strerror(errno));
}

/* Get one message from q and check it is want (NULL: the sentinel). */
static void get_is(struct queue *q, const char *want)
{
	char buf[QUEUE_MSG_MAX];
	size_t len = 99;

	ck_assert_int_eq(queue_get_nowait(q, buf, sizeof buf, &len), 0);
	if (want == NULL) {
		ck_assert_msg(len == PC_NONE, "want the sentinel (an empty "
			      "message), got %zu bytes", len);
		return;
	}
	ck_assert_msg(len == strlen(want) && memcmp(buf, want, len) == 0,
		      "want \"%s\", got \"%.*s\"", want, (int)len, buf);
}

/* ---- jqueue ---- */

START_TEST(test_create_empty)
{
	struct jqueue *q = new_jqueue();
	double t0 = now_units();

	ck_assert_int_eq(jqueue_join(q), 0);    /* nothing put: at once */
	assert_within(t0, 10);
	ck_assert_int_eq(jqueue_destroy(q), 0);
}
END_TEST

/* A create that fails leaves nothing mapped; destroy unmaps everything. */
START_TEST(test_create_fails_cleanly)
{
	int before = count_mappings();
	struct jqueue *q;

	ck_assert_int_ge(before, 0);
	errno = 0;
	q = jqueue_create(QUEUE_MAXSIZE_MAX + 1);
	ck_assert_msg(q == NULL && errno == EINVAL, "jqueue_create(QUEUE_MAXSIZE_MAX "
		      "+ 1): want NULL with EINVAL (queue_create's), got %p, %s",
		      (void *)q, strerror(errno));
	ck_assert_msg(count_mappings() == before, "%d mappings before a jqueue_create "
		      "that failed, %d after: undo what it mapped", before, count_mappings());
	q = new_jqueue();
	ck_assert_int_eq(jqueue_destroy(q), 0);
	ck_assert_msg(count_mappings() == before, "%d mappings before jqueue_create, %d "
		      "after jqueue_destroy: munmap what it mapped", before, count_mappings());
}
END_TEST

START_TEST(test_put_counts)
{
	struct jqueue *q = new_jqueue();
	char buf[16];
	size_t len;

	put_str(q, "a");
	put_str(q, "bb");
	put_str(q, "");
	ck_assert_int_eq(jqueue_unfinished(q), 3);
	ck_assert_int_eq(jqueue_get(q, buf, sizeof buf, &len), 0);
	ck_assert_int_eq(len, 1);
	ck_assert_int_eq(jqueue_unfinished(q), 3);     /* got is not done */
	ck_assert_int_eq(jqueue_get(q, buf, sizeof buf, &len), 0);
	ck_assert_int_eq(len, 2);
	ck_assert_int_eq(jqueue_get(q, buf, sizeof buf, &len), 0);
	ck_assert_int_eq(len, 0);
	for (int left = 2; left >= 0; left--) {
		ck_assert_int_eq(jqueue_task_done(q), 0);
		ck_assert_int_eq(jqueue_unfinished(q), left);
	}
	ck_assert_int_eq(jqueue_destroy(q), 0);
}
END_TEST

START_TEST(test_task_done_too_many)
{
	struct jqueue *q = new_jqueue();
	char buf[16];

	assert_fails_with(jqueue_task_done(q), EINVAL);         /* nothing put */
	ck_assert_int_eq(jqueue_unfinished(q), 0);
	put_str(q, "job");
	ck_assert_int_eq(jqueue_get(q, buf, sizeof buf, NULL), 0);
	ck_assert_int_eq(jqueue_task_done(q), 0);
	assert_fails_with(jqueue_task_done(q), EINVAL);         /* once only */
	assert_fails_with(jqueue_task_done(q), EINVAL);
	ck_assert_msg(jqueue_unfinished(q) == 0, "after refused task_done calls "
		      "the count is %d, not 0", jqueue_unfinished(q));
	/* still a working queue: one put is one task */
	put_str(q, "again");
	ck_assert_int_eq(jqueue_unfinished(q), 1);
	ck_assert_int_eq(jqueue_task_done(q), 0);
	ck_assert_int_eq(jqueue_destroy(q), 0);
}
END_TEST

START_TEST(test_put_too_big_not_counted)
{
	struct jqueue *q = new_jqueue();
	static char big[QUEUE_MSG_MAX + 1];

	assert_fails_with(jqueue_put(q, big, sizeof big), EMSGSIZE);
	ck_assert_msg(jqueue_unfinished(q) == 0, "a put that failed left the "
		      "count at %d: undo the count when queue_put fails",
		      jqueue_unfinished(q));
	ck_assert_int_eq(jqueue_join(q), 0);
	ck_assert_int_eq(jqueue_destroy(q), 0);
}
END_TEST

/*
 * A child that gets every message, says when it got it, pauses, and
 * marks it done.
 */
struct progress {               /* shared by the test and the child */
	int got;                /* messages taken so far */
	double got_at;          /* when the last one was taken (units) */
};

struct doer {
	struct jqueue *q;
	int items;
	double pause;
	struct progress *p;
};

static int get_and_finish(void *arg)
{
	struct doer *d = arg;
	char buf[QUEUE_MSG_MAX];

	for (int i = 0; i < d->items; i++) {
		if (jqueue_get(d->q, buf, sizeof buf, NULL) < 0)
			return 1;
		d->p->got_at = now_units();     /* now_units: one clock for all */
		__atomic_add_fetch(&d->p->got, 1, __ATOMIC_SEQ_CST);
		sleep_units(d->pause);
		if (jqueue_task_done(d->q) < 0)
			return 2;
	}
	return 0;
}

#define DOER_CODES "1: its jqueue_get failed, 2: its jqueue_task_done failed " \
	"(EINVAL: the count was 0 in the child -- is it in shared memory?)"

static struct doer doer(struct jqueue *q, int items, double pause)
{
	struct doer d = { q, items, pause, shared_new(sizeof(struct progress)) };

	return d;
}

START_TEST(test_join_waits_for_task_done)
{
	struct jqueue *q = new_jqueue();
	struct doer d = doer(q, 3, 0.5);
	double t0;
	pid_t pid;

	put_str(q, "1");
	put_str(q, "2");
	put_str(q, "3");
	t0 = now_units();
	pid = spawn_child(get_and_finish, &d);
	ck_assert_int_eq(jqueue_join(q), 0);
	assert_waited(t0, 1.5);         /* three items of 0.5 unit */
	ck_assert_int_eq(jqueue_unfinished(q), 0);
	ck_assert_child(pid, DOER_CODES);
	ck_assert_int_eq(jqueue_destroy(q), 0);
}
END_TEST

/* The queue is empty once the item is got: join still waits for task_done. */
START_TEST(test_join_not_when_empty)
{
	struct jqueue *q = new_jqueue();
	struct doer d = doer(q, 1, 1);
	double t0;
	pid_t pid;

	put_str(q, "slow");
	pid = spawn_child(get_and_finish, &d);
	while (__atomic_load_n(&d.p->got, __ATOMIC_SEQ_CST) == 0)
		sleep_units(0.01);
	/* The queue is empty from here; the task is done 1 unit after got_at. */
	t0 = d.p->got_at;
	ck_assert_int_eq(jqueue_join(q), 0);
	assert_waited(t0, 1);
	ck_assert_child(pid, DOER_CODES);
	ck_assert_int_eq(jqueue_destroy(q), 0);
}
END_TEST

/* A child's puts count in the parent: one count for every process. */
static int put_two(void *arg)
{
	struct jqueue *q = arg;

	return jqueue_put(q, "x", 1) < 0 || jqueue_put(q, "y", 1) < 0;
}

START_TEST(test_count_shared)
{
	struct jqueue *q = new_jqueue();
	char buf[16];

	ck_assert_child(spawn_child(put_two, q), "1: its jqueue_put failed");
	ck_assert_msg(jqueue_unfinished(q) == 2, "a child put 2 messages; the "
		      "parent's count is %d: is the count in shared memory?",
		      jqueue_unfinished(q));
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(jqueue_get(q, buf, sizeof buf, NULL), 0);
		ck_assert_int_eq(jqueue_task_done(q), 0);
	}
	ck_assert_int_eq(jqueue_join(q), 0);
	ck_assert_int_eq(jqueue_destroy(q), 0);
}
END_TEST

/* Every joiner wakes at 0, in every process: a broadcast, not a signal. */
static int join_all(void *arg)
{
	return jqueue_join(arg) < 0 || jqueue_unfinished(arg) != 0;
}

START_TEST(test_join_wakes_all)
{
	struct jqueue *q = new_jqueue();
	char buf[16];
	pid_t pids[3];

	put_str(q, "a");
	put_str(q, "b");
	for (int i = 0; i < 3; i++)
		pids[i] = spawn_child(join_all, q);
	sleep_units(0.5);               /* let them wait */
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(jqueue_get(q, buf, sizeof buf, NULL), 0);
		ck_assert_int_eq(jqueue_task_done(q), 0);
	}
	for (int i = 0; i < 3; i++)
		ck_assert_child(pids[i], "1: its jqueue_join failed or returned "
				"while tasks were unfinished");
	ck_assert_int_eq(jqueue_destroy(q), 0);
}
END_TEST

/*
 * Many at once: 3 producers put 100 each while 3 workers get and mark
 * done; the parent's join returns once all 300 are done, each got once.
 */
#define NPUT 100
struct many {
	struct jqueue *q;
	int who;
	int *seen;              /* shared: times each item was got */
};

static int many_producer(void *arg)
{
	struct many *m = arg;
	char item[16];

	for (int i = 0; i < NPUT; i++) {
		snprintf(item, sizeof item, "%d", m->who * NPUT + i);
		if (jqueue_put(m->q, item, strlen(item)) < 0)
			return 1;
	}
	return 0;
}

static int many_worker(void *arg)
{
	struct many *m = arg;
	char buf[QUEUE_MSG_MAX + 1];
	size_t len;

	for (;;) {
		if (jqueue_get(m->q, buf, QUEUE_MSG_MAX, &len) < 0)
			return 1;
		if (len == PC_NONE)
			return jqueue_task_done(m->q) < 0 ? 2 : 0;
		buf[len] = '\0';
		__atomic_add_fetch(&m->seen[atoi(buf)], 1, __ATOMIC_SEQ_CST);
		if (jqueue_task_done(m->q) < 0)
			return 2;
	}
}

START_TEST(test_many_processes)
{
	struct jqueue *q = new_jqueue();
	int *seen = shared_new(3 * NPUT * sizeof(int));
	struct many m = { q, 0, seen };
	pid_t prod[3], work[3];
	int got = 0, twice = 0;

	for (m.who = 0; m.who < 3; m.who++) {
		prod[m.who] = spawn_child(many_producer, &m);
		work[m.who] = spawn_child(many_worker, &m);
	}
	for (int i = 0; i < 3; i++)
		ck_assert_child(prod[i], "1: its jqueue_put failed");
	ck_assert_int_eq(jqueue_join(q), 0);
	for (int i = 0; i < 3 * NPUT; i++) {
		got += __atomic_load_n(&seen[i], __ATOMIC_SEQ_CST) >= 1;
		twice += __atomic_load_n(&seen[i], __ATOMIC_SEQ_CST) > 1;
	}
	ck_assert_msg(got == 3 * NPUT && twice == 0, "join returned when %d of "
		      "%d items had been got (%d more than once): it must wait "
		      "for every task_done", got, 3 * NPUT, twice);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(jqueue_put(q, NULL, PC_NONE), 0);
	for (int i = 0; i < 3; i++)
		ck_assert_child(work[i], DOER_CODES);
	ck_assert_int_eq(jqueue_unfinished(q), 0);
	ck_assert_int_eq(jqueue_destroy(q), 0);
}
END_TEST

/*
 * join is woken at the last task_done: it does not poll.  A child gets
 * the item, pauses, notes the time (CLOCK_MONOTONIC, the same clock in
 * every process) and marks it done; the join's lateness is how long
 * after that it returned.
 */
struct stamp {
	struct jqueue *q;
	double pause;
	volatile double done_at;
};

static int finish_stamped(void *arg)
{
	struct stamp *s = arg;
	char buf[QUEUE_MSG_MAX];

	if (jqueue_get(s->q, buf, sizeof buf, NULL) < 0)
		return 1;
	sleep_units(s->pause);
	s->done_at = now_units();
	return jqueue_task_done(s->q) < 0 ? 2 : 0;
}

START_TEST(test_join_prompt)
{
	struct jqueue *q = new_jqueue();
	struct stamp *s = shared_new(sizeof *s);
	double late[PROMPT_TRIALS];
	pid_t pid;

	for (int i = 0; i < PROMPT_TRIALS; i++) {
		s->q = q;
		s->pause = 0.5 + (double)i / PROMPT_TRIALS;
		put_str(q, "t");
		pid = spawn_child(finish_stamped, s);
		ck_assert_int_eq(jqueue_join(q), 0);
		late[i] = now_units() - s->done_at;
		ck_assert_child(pid, DOER_CODES);
	}
	ck_assert_msg(median(late, PROMPT_TRIALS) < PROMPT_UNITS,
		      "jqueue_join returned a median %.2f units after the last "
		      "task_done (at most %.2f): does it poll, sleeping between "
		      "looks?", median(late, PROMPT_TRIALS), PROMPT_UNITS);
	ck_assert_int_eq(jqueue_destroy(q), 0);
}
END_TEST

/* cpu_units (labtest.h): this process's CPU time, in units. */

/* The most times a join waiting 2 units may go to sleep. */
#define JOIN_NAPS 4

/* The times this process has gone to sleep so far (voluntary switches). */
static long sleeps(void)
{
	struct rusage ru;

	ck_assert_int_eq(getrusage(RUSAGE_SELF, &ru), 0);
	return ru.ru_nvcsw;
}

/*
 * A join that waits 2 units sleeps through them: it does not spin, and it
 * does not poll either -- a loop that looks and sleeps a millisecond uses
 * little CPU, but goes to sleep a hundred times.  A futex or condition
 * variable sleeps once or twice (a contended mutex: once more).
 */
START_TEST(test_join_sleeps)
{
	struct jqueue *q = new_jqueue();
	struct doer d = doer(q, 1, 2);
	double t0, c0, cpu;
	long s0, naps;
	pid_t pid;

	put_str(q, "t");
	t0 = now_units();
	pid = spawn_child(get_and_finish, &d);
	c0 = cpu_units();
	s0 = sleeps();
	ck_assert_int_eq(jqueue_join(q), 0);
	naps = sleeps() - s0;
	cpu = cpu_units() - c0;
	assert_waited(t0, 1);
	ck_assert_msg(cpu < 0.1 * (now_units() - t0), "jqueue_join used %.2f units "
		      "of CPU while it waited %.2f: it must sleep until the last "
		      "task_done (pthread_cond_wait, a futex), not spin",
		      cpu, now_units() - t0);
	ck_assert_msg(naps <= JOIN_NAPS, "jqueue_join went to sleep %ld times while "
		      "it waited %.2f units (at most %d): it must sleep until the "
		      "last task_done wakes it, not poll, looking and sleeping in a loop",
		      naps, now_units() - t0, JOIN_NAPS);
	ck_assert_child(pid, DOER_CODES);
	ck_assert_int_eq(jqueue_destroy(q), 0);
}
END_TEST

START_TEST(test_join_survives_signal)
{
	struct jqueue *q = new_jqueue();
	struct doer d = doer(q, 1, 1.5);
	double t0;
	pid_t pid;

	put_str(q, "a");
	ck_assert_int_eq(catch_alarm(), 0);
	ck_assert_int_eq(alarm_in(0.5), 0);
	t0 = now_units();
	pid = spawn_child(get_and_finish, &d);
	ck_assert_int_eq(jqueue_join(q), 0);    /* the alarm rings meanwhile */
	assert_waited(t0, 1.5);
	ck_assert_int_eq(jqueue_unfinished(q), 0);
	ck_assert_child(pid, DOER_CODES);
	ck_assert_int_eq(jqueue_destroy(q), 0);
}
END_TEST

/* ---- races: many calls at once, each process nudged (labtest.h) ---- */

#define LOAD(x)         __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v)     __atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)
#define ADD(x, v)       __atomic_add_fetch(&(x), (v), __ATOMIC_SEQ_CST)

#define RACERS 3                /* processes calling at once */
#define DONES 500000            /* task_done calls of each, test_task_done_at_once, */
#define RAISE_UNITS 40          /* ... fewer when the puts take longer than this */
#define RACE_UNITS 10           /* how long test_join_at_zero runs */
#define STUCK_UNITS 40          /* a join this late after the count's 0 missed it */

struct race {                   /* shared by the test and its children */
	struct jqueue *q;
	int go, stop;               /* the children may start; must stop */
	long steps;                 /* calls made by all the children */
	long dones;                 /* task_done calls each child makes */
	long round;                 /* items the test has put (test_join_at_zero) */
	long done;                  /* items marked done, each before its task_done */
	long early;                 /* joins that returned before an item was done */
	long joined[RACERS];        /* the round each joiner's last join began in */
};

static struct race *race_new(void)
{
	struct race *r = shared_new(sizeof *r);

	r->q = new_jqueue();
	return r;
}

/* Child: r->dones task_done calls, nudged.  2: one was refused, 3: no timer. */
static int done_many(void *arg)
{
	struct race *r = arg;
	int code = 0;

	while (!LOAD(r->go))
		sched_yield();
	if (nudge_start(&r->steps) < 0)
		return 3;
	for (long i = 0; code == 0 && i < r->dones; i++) {
		if (jqueue_task_done(r->q) < 0)
			code = 2;
		ADD(r->steps, 1);
	}
	nudge_stop();
	return code;
}

/*
 * task_done from RACERS processes at once: the test puts and gets
 * RACERS * DONES items (fewer on a slow machine: as many as it can in
 * RAISE_UNITS), then each child marks its share of them done, all at the
 * same time.  The count must end at exactly 0, and no task_done may
 * be refused.  A count lowered without the lock loses a change now and
 * then (two processes read n, both write n - 1): on two CPUs many times a
 * run, and on one CPU when a nudge or the scheduler stops a process
 * between its read and its write.
 */
START_TEST(test_task_done_at_once)
{
	struct race *r = race_new();
	char buf[QUEUE_MSG_MAX];
	pid_t pids[RACERS];
	double end = now_units() + RAISE_UNITS;
	int left;

	while (r->dones < DONES && now_units() < end) {
		for (int i = 0; i < RACERS; i++)
			ck_assert(jqueue_put(r->q, "x", 1) == 0 &&
				  jqueue_get(r->q, buf, sizeof buf, NULL) == 0);
		r->dones++;
	}
	for (int i = 0; i < RACERS; i++)
		pids[i] = spawn_child(done_many, r);
	STORE(r->go, 1);
	for (int i = 0; i < RACERS; i++)
		ck_assert_child(pids[i], "2: a jqueue_task_done was refused (EINVAL) "
				"though as many items had been put: the count lost "
				"a change -- is it changed under the lock?, 3: no timer");
	left = jqueue_unfinished(r->q);
	ck_assert_msg(left == 0, "%ld items put and got, then %d processes marked "
		      "%ld each done at once: the count ends at %d, not 0 -- "
		      "changes were lost; change the count under the lock, in "
		      "task_done too", RACERS * r->dones, RACERS, r->dones, left);
	ck_assert_int_eq(jqueue_destroy(r->q), 0);
}
END_TEST

/* Child: get each item, mark it done, until the empty message. 1: get or
   task_done failed. */
static int finish_each(void *arg)
{
	struct race *r = arg;
	char buf[QUEUE_MSG_MAX];
	size_t len;

	for (;;) {
		if (jqueue_get(r->q, buf, sizeof buf, &len) < 0)
			return 1;
		if (len > 0)
			ADD(r->done, 1);
		if (jqueue_task_done(r->q) < 0)
			return 1;
		ADD(r->steps, 1);
		if (len == 0)
			return 0;
	}
}

/* A joiner: the race, and which of its joined[] is this one's. */
struct joiner {
	struct race *r;
	int i;
};

/* Child: join, over and over, nudged.  1: a join failed, 3: no timer. */
static int join_again(void *arg)
{
	struct joiner *j = arg;
	struct race *r = j->r;
	int code = 0;

	if (nudge_start(&r->steps) < 0)
		return 3;
	while (code == 0 && !LOAD(r->stop)) {
		long put = LOAD(r->round);      /* items put before this join */

		if (jqueue_join(r->q) < 0)
			code = 1;
		else if (LOAD(r->done) < put)
			ADD(r->early, 1);
		STORE(r->joined[j->i], put);
	}
	nudge_stop();
	return code;
}

/* Round n is over: its item is done and every joiner came back from a
   join begun after its put. */
static int round_over(struct race *r, long n)
{
	if (LOAD(r->done) != n)
		return 0;
	for (int i = 0; i < RACERS - 1; i++)
		if (LOAD(r->joined[i]) < n)
			return 0;
	return 1;
}

/*
 * join is called over and over, by RACERS - 1 processes, as the count
 * goes 1, 0, 1, 0: the test puts one item a round and waits until the
 * worker has marked it done AND every joiner has come back from a join
 * begun after the put.  A join must never return before the items put
 * before it are done, and must always return once the count is 0.  One
 * that tests the count before taking the lock misses the last
 * task_done's wake-up when it comes between the test and the wait: it
 * then waits for ever.
 */
START_TEST(test_join_at_zero)
{
	struct race *r = race_new();
	struct joiner js[RACERS - 1];
	pid_t worker, joiners[RACERS - 1];
	double end, stuck;
	long n = 0;
	int over = 1;

	worker = spawn_child(finish_each, r);
	for (int i = 0; i < RACERS - 1; i++) {
		js[i] = (struct joiner){ r, i };
		joiners[i] = spawn_child(join_again, &js[i]);
	}
	for (end = now_units() + RACE_UNITS; over && now_units() < end; ) {
		put_str(r->q, "x");
		STORE(r->round, ++n);
		stuck = now_units() + STUCK_UNITS;
		while (!(over = round_over(r, n)) && now_units() < stuck)
			sleep_units(0.001);
	}
	ck_assert_msg(over, "round %ld: the count was %d after every item had "
		      "been marked done, yet a process's jqueue_join had not "
		      "returned %d units later: it missed the last task_done's "
		      "wake-up -- test the count only while holding the lock, "
		      "and wait in that same hold", n, jqueue_unfinished(r->q),
		      STUCK_UNITS);
	ck_assert_msg(LOAD(r->early) == 0, "%ld joins returned before every item "
		      "put before them was done", LOAD(r->early));
	STORE(r->stop, 1);
	ck_assert_int_eq(jqueue_put(r->q, NULL, PC_NONE), 0);  /* ends the worker */
	ck_assert_child(worker, "1: its jqueue_get or jqueue_task_done failed");
	for (int i = 0; i < RACERS - 1; i++)
		ck_assert_child(joiners[i], "1: jqueue_join failed, 3: no timer");
	ck_assert_int_eq(jqueue_destroy(r->q), 0);
}
END_TEST

/* ---- sentinels: pc_consume, pc_stop ---- */

/* A handler that appends each item to a string, "a,b,". */
struct seen {
	char text[256];
	int fail_at;            /* return -1 (EIO) at this item, 0: never */
	int n;
};

static int note(void *arg, const char *item, size_t len)
{
	struct seen *s = arg;

	ck_assert_int_eq(strlen(item), len);    /* '\0'-terminated */
	if (++s->n == s->fail_at) {
		errno = EIO;
		return -1;
	}
	strncat(s->text, item, sizeof s->text - strlen(s->text) - 2);
	strcat(s->text, ",");
	return 0;
}

static void qput(struct queue *q, const char *s)
{
	ck_assert_int_eq(queue_put(q, s, s ? strlen(s) : PC_NONE), 0);
}

START_TEST(test_consume_until_sentinel)
{
	struct queue *q = new_queue();
	struct seen s = { "", 0, 0 };

	qput(q, "a");
	qput(q, "bc");
	qput(q, NULL);
	qput(q, "after");
	ck_assert_int_eq(pc_consume(q, note, &s), 2);
	ck_assert_str_eq(s.text, "a,bc,");
	ck_assert_msg(queue_qsize(q) == 1, "pc_consume must stop at the sentinel: "
		      "%d messages left after it, want 1", queue_qsize(q));
	get_is(q, "after");
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

START_TEST(test_consume_handler_error)
{
	struct queue *q = new_queue();
	struct seen s = { "", 2, 0 };

	qput(q, "a");
	qput(q, "b");
	qput(q, "c");
	qput(q, NULL);
	assert_fails_with(pc_consume(q, note, &s), EIO);
	ck_assert_str_eq(s.text, "a,");
	ck_assert_int_eq(queue_qsize(q), 2);    /* nothing got after the error */
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

START_TEST(test_stop_one_per_consumer)
{
	struct queue *q = new_queue();

	ck_assert_int_eq(pc_stop(q, NULL, 0, 3), 0);
	ck_assert_msg(queue_qsize(q) == 3, "pc_stop(q, no producers, 3 consumers) "
		      "put %d messages: one sentinel per consumer", queue_qsize(q));
	for (int i = 0; i < 3; i++)
		get_is(q, NULL);
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

/* A producer that pauses, puts its items and exits with a given code. */
struct producer {
	struct queue *q;
	double pause;
	const char *items[3];
	int code;               /* the exit status, or -SIG: killed by SIG */
};

static int produce(void *arg)
{
	struct producer *p = arg;

	sleep_units(p->pause);
	for (int i = 0; i < 3 && p->items[i]; i++)
		if (queue_put(p->q, p->items[i], strlen(p->items[i])) < 0)
			return 100;
	if (p->code < 0)                /* -SIG: die of that signal */
		raise(-p->code);
	return p->code;
}

START_TEST(test_stop_joins_first)
{
	struct queue *q = new_queue();
	struct producer a = { q, 1, { "a1", "a2", NULL }, 0 };
	struct producer b = { q, 0.5, { "b1", NULL, NULL }, 0 };
	pid_t pids[2];
	double t0 = now_units();

	pids[0] = spawn_child(produce, &a);
	pids[1] = spawn_child(produce, &b);
	ck_assert_int_eq(catch_alarm(), 0);
	ck_assert_int_eq(alarm_in(0.5), 0);     /* rings in waitpid: EINTR, retried */
	ck_assert_int_eq(pc_stop(q, pids, 2, 2), 0);
	assert_waited(t0, 1);           /* the slower producer's pause */
	/*
	 * every item first, then the two sentinels.  b1 and a1 may come in
	 * either order: b's shorter pause does not make it put first on a
	 * loaded machine.  a1 before a2: one producer's order.
	 */
	for (int i = 0, next_a = 1; i < 3; i++) {
		char buf[QUEUE_MSG_MAX];
		size_t len = 0;

		ck_assert_int_eq(queue_get_nowait(q, buf, sizeof buf, &len), 0);
		ck_assert_msg(len == 2, "want an item, got %zu bytes", len);
		if (buf[0] == 'a') {
			ck_assert_msg(buf[1] == '0' + next_a, "want \"a%d\", got \"%.2s\"",
				      next_a, buf);
			next_a++;
		} else {
			ck_assert_msg(memcmp(buf, "b1", 2) == 0,
				      "want \"b1\" or \"a%d\", got \"%.2s\"", next_a, buf);
		}
	}
	get_is(q, NULL);
	get_is(q, NULL);
	ck_assert_int_eq(queue_qsize(q), 0);
	ck_assert_int_eq(kill(pids[0], 0) == -1 && errno == ESRCH, 1);  /* reaped */
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

START_TEST(test_stop_failed_producer)
{
	struct queue *q = new_queue();
	struct producer a = { q, 0, { "a", NULL, NULL }, 3 };
	pid_t pid = spawn_child(produce, &a);

	ck_assert_int_eq(pc_stop(q, &pid, 1, 2), 1);
	get_is(q, "a");
	get_is(q, NULL);                /* the sentinels all the same */
	get_is(q, NULL);

	/* killed by a signal: it did not exit with status 0 either */
	a.code = -SIGKILL;
	pid = spawn_child(produce, &a);
	ck_assert_int_eq(pc_stop(q, &pid, 1, 1), 1);
	get_is(q, "a");
	get_is(q, NULL);
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

START_TEST(test_stop_not_a_child)
{
	struct queue *q = new_queue();
	pid_t one = 1;

	assert_fails_with(pc_stop(q, &one, 1, 1), ECHILD);
	ck_assert_int_eq(queue_destroy(q), 0);
}
END_TEST

/* ---- pc_work ---- */

/* What the count was each time the handler ran. */
struct counted {
	struct jqueue *q;
	int at[8];
	int n;
};

static int note_count(void *arg, const char *item, size_t len)
{
	struct counted *c = arg;

	(void)item;
	(void)len;
	if (c->n < 8)
		c->at[c->n++] = jqueue_unfinished(c->q);
	return 0;
}

/*
 * "a", "b", None, "after": 4 tasks.  While "a" is handled all 4 are
 * unfinished, while "b" is, 3: an item is marked done after its work.
 * After pc_work, only "after" (never got) is left.
 */
START_TEST(test_work_task_done_each)
{
	struct jqueue *q = new_jqueue();
	struct counted c = { q, { 0 }, 0 };

	put_str(q, "a");
	put_str(q, "b");
	ck_assert_int_eq(jqueue_put(q, NULL, PC_NONE), 0);
	put_str(q, "after");
	ck_assert_int_eq(pc_work(q, note_count, &c), 2);
	ck_assert_int_eq(c.n, 2);
	ck_assert_msg(c.at[0] == 4 && c.at[1] == 3, "while its handler ran, "
		      "the count was %d for \"a\" and %d for \"b\"; want 4 and 3: "
		      "call jqueue_task_done after the handler, not before",
		      c.at[0], c.at[1]);
	ck_assert_msg(jqueue_unfinished(q) == 1, "after pc_work the count is %d: "
		      "want 1 (\"after\", not got); task_done every item and the "
		      "sentinel, once each", jqueue_unfinished(q));
	ck_assert_int_eq(jqueue_destroy(q), 0);
}
END_TEST

START_TEST(test_work_handler_error)
{
	struct jqueue *q = new_jqueue();
	struct seen s = { "", 1, 0 };

	put_str(q, "a");
	ck_assert_int_eq(jqueue_put(q, NULL, PC_NONE), 0);
	assert_fails_with(pc_work(q, note, &s), EIO);
	ck_assert_int_eq(jqueue_destroy(q), 0);
}
END_TEST

static Suite *make_prodcons_suite(void)
{
	Suite *s = suite_create("prodcons");
	TCase *jq, *wait, *sent, *race, *chaos, *work;

	jq = add_tcase(s, "jqueue", 10);
	tcase_add_test(jq, test_create_empty);
	tcase_add_test(jq, test_create_fails_cleanly);
	tcase_add_test(jq, test_put_counts);
	tcase_add_test(jq, test_task_done_too_many);
	tcase_add_test(jq, test_put_too_big_not_counted);
	tcase_add_test(jq, test_count_shared);

	wait = add_tcase(s, "join", 20);
	tcase_add_test(wait, test_join_waits_for_task_done);
	tcase_add_test(wait, test_join_not_when_empty);
	tcase_add_test(wait, test_join_wakes_all);
	tcase_add_test(wait, test_many_processes);
	tcase_add_test(wait, test_join_prompt);
	tcase_add_test(wait, test_join_sleeps);
	tcase_add_test(wait, test_join_survives_signal);

	sent = add_tcase(s, "sentinels", 10);
	tcase_add_test(sent, test_consume_until_sentinel);
	tcase_add_test(sent, test_consume_handler_error);
	tcase_add_test(sent, test_stop_one_per_consumer);
	tcase_add_test(sent, test_stop_joins_first);
	tcase_add_test(sent, test_stop_failed_producer);
	tcase_add_test(sent, test_stop_not_a_child);

	race = add_tcase(s, "race", RAISE_UNITS + 200);
	tcase_add_test(race, test_task_done_at_once);

	/* Run by its own scenario, under chaos scheduling on one CPU. */
	chaos = add_tcase(s, "join-race", RACE_UNITS + STUCK_UNITS + 20);
	tcase_set_tags(chaos, "chaos");
	tcase_add_test(chaos, test_join_at_zero);

	work = add_tcase(s, "work", 10);
	tcase_add_test(work, test_work_task_done_each);
	tcase_add_test(work, test_work_handler_error);
	return s;
}

int main(void)
{
	return run_suite(make_prodcons_suite());
}
