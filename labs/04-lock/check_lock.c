/*
 * check_lock.c - unit tests for lock.c (Check).
 *
 * PROVIDED: the grader runs its own copy.  Run: ./check_lock
 * (CK_VERBOSITY=verbose lists every test; CK_FORK=no to debug in gdb).
 * Times are in units; unset PROCLAB_UNIT_MS means 50 ms here, so the
 * suite takes a few seconds.  Lower bounds on time are exact; upper
 * bounds are far away, so a loaded machine does not fail a right answer.
 *
 * A child in these tests never calls ck_assert: it exits with a code
 * that names what went wrong (see each test), and the test asserts that
 * the code is 0.
 */
#define _GNU_SOURCE
#include "lock.h"
#include "labtest.h"
#include "proclab.h"

#include <check.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <stdio.h>
#include <unistd.h>

/* A page the test and its children share, for what they tell each other. */
struct shared {
	volatile int released;  /* the test set it just before releasing */
	volatile long counter;  /* incremented, non-atomically, under the lock */
	int inside;             /* processes between acquire and release */
	int overlaps;           /* times one entered while another was inside */
	int go;                 /* the workers may start */
	int arrived;            /* start gun: workers at the line this round */
	int round;              /* start gun: the round that has started */
	int stop;               /* start gun: no more rounds */
	int workers;            /* start gun: workers started so far */
};

/* Atomic, so that the test's own bookkeeping is right whatever the lock does. */
#define LOAD(x)         __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v)     __atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)
#define ADD(x, v)       __atomic_add_fetch(&(x), (v), __ATOMIC_SEQ_CST)

static struct shared *shared_new(void)
{
	struct shared *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	ck_assert_ptr_ne(s, MAP_FAILED);
	memset((void *)s, 0, sizeof *s);
	return s;
}

static struct lock *new_lock(void)
{
	struct lock *l = lock_create();

	ck_assert_msg(l != NULL, "lock_create: %s", strerror(errno));
	ck_assert_int_eq(lock_holder(l), 0);
	return l;
}

/*
 * spawn_child (labtest.h) for fn(l, arg): the child exits with it and
 * is killed when the test process ends, so a child stuck in lock_acquire
 * never outlives a failed test.
 */
struct spawned { int (*fn)(struct lock *, void *); struct lock *l; void *arg; };
static int run_spawned(void *p) { struct spawned *c = p; return c->fn(c->l, c->arg); }
static pid_t spawn(int (*fn)(struct lock *, void *), struct lock *l, void *arg)
{
	struct spawned c = { fn, l, arg };

	return spawn_child(run_spawned, &c);
}

/*
 * A holder is a child that takes the lock and keeps it until the test
 * lets it go: it reports "held" on one pipe, then blocks reading another
 * until the test closes it.  "Taken by someone else" then never depends
 * on how fast a loaded machine is.
 */
struct holder {
	pid_t pid;
	int held[2], go[2];
};

static int hold(struct lock *l, void *arg)
{
	struct holder *h = arg;
	char c;

	close(h->go[1]);        /* else the child holds its own gate shut */
	if (lock_acquire(l) < 0)
		return 1;
	if (write(h->held[1], "h", 1) != 1)
		return 2;
	while (read(h->go[0], &c, 1) < 0 && errno == EINTR)
		;
	return lock_release(l) < 0 ? 3 : 0;
}

/* Start a holder of l; return once it holds l. */
static void holder_start(struct holder *h, struct lock *l)
{
	char c;

	ck_assert_int_eq(pipe(h->held), 0);
	ck_assert_int_eq(pipe(h->go), 0);
	h->pid = spawn(hold, l, h);
	close(h->held[1]);
	close(h->go[0]);
	ck_assert_msg(read(h->held[0], &c, 1) == 1,
		      "the holder child never got the lock (exit %d)", join_child(h->pid));
	close(h->held[0]);
}

/* Let the holder release and end; it must have released cleanly. */
static void holder_finish(struct holder *h)
{
	close(h->go[1]);
	ck_assert_child(h->pid, "1: its lock_acquire failed, 3: its "
			"lock_release failed");
}

/* ---- core ---- */

START_TEST(test_create_free)
{
	struct lock *l = new_lock();

	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

START_TEST(test_acquire_release)
{
	struct lock *l = new_lock();

	ck_assert_int_eq(lock_acquire(l), 0);
	ck_assert_int_eq(lock_holder(l), getpid());
	ck_assert_int_eq(lock_release(l), 0);
	ck_assert_int_eq(lock_holder(l), 0);
	/* and again: released means free, not used up */
	ck_assert_int_eq(lock_acquire(l), 0);
	ck_assert_int_eq(lock_release(l), 0);
	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

START_TEST(test_acquire_twice)
{
	struct lock *l = new_lock();
	double t0;

	ck_assert_int_eq(lock_acquire(l), 0);
	assert_fails_with(lock_acquire(l), EDEADLK);
	assert_fails_with(lock_try_acquire(l), EDEADLK);
	t0 = now_units();
	assert_fails_with(lock_acquire_timeout(l, 30), EDEADLK);
	assert_within(t0, 20);      /* said so, did not wait */
	assert_fails_with(lock_acquire_timeout(l, -1), EDEADLK);
	assert_fails_with(lock_acquire_timeout(l, NO_TIMEOUT), EDEADLK);
	ck_assert_int_eq(lock_holder(l), getpid());
	ck_assert_int_eq(lock_release(l), 0);
	assert_fails_with(lock_release(l), EPERM);      /* released once only */
	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

/* Child: the lock must be held by someone else; exit 0 if so. */
static int try_finds_busy(struct lock *l, void *arg)
{
	(void)arg;
	return lock_try_acquire(l) == 1 ? 0 : 1;
}

START_TEST(test_release_free)
{
	struct lock *l = new_lock();

	assert_fails_with(lock_release(l), EPERM);
	ck_assert_int_eq(lock_holder(l), 0);
	/* The refused release changed nothing: one holder still excludes
	   everyone else (a semaphore posted twice would let a second in). */
	ck_assert_int_eq(lock_acquire(l), 0);
	ck_assert_msg(join_child(spawn(try_finds_busy, l, NULL)) == 0,
		      "this process holds the lock, yet another process's "
		      "lock_try_acquire did not find it taken (did not return 1)");
	ck_assert_int_eq(lock_release(l), 0);
	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

/* Child: release a lock the parent holds.  1: it succeeded; 2: wrong
   errno; 3: the holder changed. */
static int release_not_mine(struct lock *l, void *arg)
{
	pid_t parent = *(pid_t *)arg;

	errno = 0;
	if (lock_release(l) == 0)
		return 1;
	if (errno != EPERM)
		return 2;
	return lock_holder(l) == parent ? 0 : 3;
}

START_TEST(test_release_by_other)
{
	struct lock *l = new_lock();
	pid_t me = getpid();

	ck_assert_int_eq(lock_acquire(l), 0);
	ck_assert_child(spawn(release_not_mine, l, &me),
			"1: lock_release by a process that does not hold the lock "
			"succeeded, 2: it failed but errno was not EPERM, 3: after "
			"it, lock_holder no longer named the holder");
	ck_assert_int_eq(lock_holder(l), me);
	ck_assert_msg(join_child(spawn(try_finds_busy, l, NULL)) == 0,
		      "this process holds the lock, yet another process's "
		      "lock_try_acquire did not find it taken (did not return 1)");
	ck_assert_int_eq(lock_release(l), 0);
	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

START_TEST(test_held_in_child)
{
	struct lock *l = new_lock();
	struct holder h;

	holder_start(&h, l);
	ck_assert_int_eq(lock_holder(l), h.pid);
	ck_assert_int_eq(lock_try_acquire(l), 1);
	assert_fails_with(lock_release(l), EPERM);
	ck_assert_int_eq(lock_holder(l), h.pid);
	holder_finish(&h);
	ck_assert_int_eq(lock_holder(l), 0);
	ck_assert_int_eq(lock_try_acquire(l), 0);
	ck_assert_int_eq(lock_holder(l), getpid());
	ck_assert_int_eq(lock_release(l), 0);
	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

/* Child: acquire, which must not return before the parent's release.
   1: acquire failed; 2: it returned while the parent still held it. */
static int acquire_after_release(struct lock *l, void *arg)
{
	struct shared *s = arg;

	if (lock_acquire(l) < 0)
		return 1;
	if (!s->released)
		return 2;
	return lock_release(l) < 0 ? 3 : 0;
}

START_TEST(test_acquire_blocks)
{
	struct lock *l = new_lock();
	struct shared *s = shared_new();
	pid_t pid;

	ck_assert_int_eq(lock_acquire(l), 0);
	pid = spawn(acquire_after_release, l, (void *)s);
	sleep_units(1);         /* the child is waiting by now, or soon */
	s->released = 1;
	ck_assert_int_eq(lock_release(l), 0);
	ck_assert_child(pid,
			"1: its lock_acquire failed, 2: lock_acquire returned "
			"before the holder released the lock, 3: its lock_release "
			"failed");
	ck_assert_int_eq(lock_holder(l), 0);
	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

#define WORKERS 4
#define ROUNDS 400

/*
 * Child: ROUNDS times, inside the lock, read the counter, let the other
 * processes run, write it back plus one.  With a lock that ever lets two
 * in at once, an update gets lost or an overlap is seen.  All start
 * together, at the test's word: 400 rounds take well under a millisecond
 * when nothing else runs, and the first worker could otherwise be done
 * before the last one is forked.
 */
static int count_under_lock(struct lock *l, void *arg)
{
	struct shared *s = arg;
	long v;

	while (!LOAD(s->go))
		sched_yield();
	for (int k = 0; k < ROUNDS; k++) {
		if (lock_acquire(l) < 0)
			return 1;
		if (ADD(s->inside, 1) != 1)
			ADD(s->overlaps, 1);
		v = s->counter;
		sched_yield();          /* a window for anyone else inside */
		s->counter = v + 1;
		ADD(s->inside, -1);
		if (lock_release(l) < 0)
			return 2;
	}
	return 0;
}

START_TEST(test_mutual_exclusion)
{
	struct lock *l = new_lock();
	struct shared *s = shared_new();
	pid_t pids[WORKERS];
	int codes[WORKERS];

	for (int i = 0; i < WORKERS; i++)
		pids[i] = spawn(count_under_lock, l, (void *)s);
	STORE(s->go, 1);
	for (int i = 0; i < WORKERS; i++)
		codes[i] = join_child(pids[i]);
	ck_assert_msg(LOAD(s->overlaps) == 0,
		      "two processes were inside the critical section at once "
		      "(%d overlaps seen in %d workers x %d rounds)",
		      LOAD(s->overlaps), WORKERS, ROUNDS);
	ck_assert_msg(s->counter == WORKERS * ROUNDS,
		      "the counter incremented under the lock ended at %ld, not %d: "
		      "updates were lost", s->counter, WORKERS * ROUNDS);
	for (int i = 0; i < WORKERS; i++)
		ck_assert_msg(codes[i] == 0, "worker %d: %s", i,
			      codes[i] == 1 ? "its lock_acquire failed" :
			      codes[i] == 2 ? "its lock_release failed" :
			      "it crashed or was killed");
	ck_assert_int_eq(lock_holder(l), 0);
	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

/*
 * Two processes asking for a FREE lock at the same instant: the case a
 * home-made lock that tests a flag and then sets it gets wrong -- both
 * see it free before either has set it.  A loop where one process
 * releases while others wait rarely shows it (the releaser occupies one
 * of the CPUs); a start gun does.  The gun is a spinning barrier: each
 * worker waits at the line, running on a CPU of its own, and the last to
 * arrive fires; both leave within a fraction of a microsecond.
 */
#define GUN_WORKERS 2
#define GUN_ROUNDS 3000
#define GUN_UNITS 30            /* stop firing after this long, loaded or not */

/* Wait at the line for round r with n workers; 0, or 1 once stopped. */
static int start_gun(struct shared *s, int n, int r, double end)
{
	if (ADD(s->arrived, 1) == n) {          /* the last one fires */
		STORE(s->arrived, 0);
		if (r >= GUN_ROUNDS || now_units() > end)
			STORE(s->stop, 1);
		STORE(s->round, r);
	} else {
		/* Spin, so as to leave the moment it fires; yield now and
		   then, so a worker without a CPU of its own gets its turn. */
		for (long spins = 1; LOAD(s->round) != r && !LOAD(s->stop); spins++)
			if (spins % 4096 == 0)
				sched_yield();
	}
	return LOAD(s->stop);
}

/* A worker that fails stops the others: none waits at the line for ever. */
static int gun_fail(struct shared *s, int code)
{
	STORE(s->stop, 1);
	return code;
}

/*
 * Keep worker i on a CPU of its own (the i-th one it may use), so that
 * the workers truly run side by side rather than taking turns on one.
 * With a single CPU there is nothing to spread over.
 */
static void own_cpu(int i)
{
	cpu_set_t allowed, one;
	int n = 0;

	if (sched_getaffinity(0, sizeof allowed, &allowed) < 0)
		return;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &allowed) || n++ != i % CPU_COUNT(&allowed))
			continue;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		sched_setaffinity(0, sizeof one, &one);
		return;
	}
}

static int race_for_lock(struct lock *l, void *arg)
{
	struct shared *s = arg;
	double end = now_units() + GUN_UNITS;
	unsigned seed = getpid();

	own_cpu(ADD(s->workers, 1) - 1);

	for (int r = 1; !start_gun(s, GUN_WORKERS, r, end); r++) {
		/* Start up to a microsecond late, at random: whichever of
		   the two is faster off the line, some rounds line them up
		   exactly. */
		seed = seed * 1103515245 + 12345;
		for (volatile unsigned i = (seed >> 16) % 512; i > 0; i--)
			;
		if (lock_acquire(l) < 0)
			return gun_fail(s, 1);
		if (ADD(s->inside, 1) != 1)
			ADD(s->overlaps, 1);
		for (volatile int i = 0; i < 1000; i++)
			;               /* stay a moment: the other arrives */
		ADD(s->inside, -1);
		if (lock_release(l) < 0)
			return gun_fail(s, 2);
	}
	return 0;
}

START_TEST(test_simultaneous_acquire)
{
	struct lock *l = new_lock();
	struct shared *s = shared_new();
	pid_t pids[GUN_WORKERS];
	int codes[GUN_WORKERS];

	for (int i = 0; i < GUN_WORKERS; i++)
		pids[i] = spawn(race_for_lock, l, (void *)s);
	for (int i = 0; i < GUN_WORKERS; i++)
		codes[i] = join_child(pids[i]);
	ck_assert_msg(LOAD(s->overlaps) == 0,
		      "%d time(s) in %d rounds, two processes held the lock at once",
		      LOAD(s->overlaps), LOAD(s->round));
	for (int i = 0; i < GUN_WORKERS; i++)
		ck_assert_msg(codes[i] == 0, "worker %d: %s", i,
			      codes[i] == 1 ? "its lock_acquire failed" :
			      codes[i] == 2 ? "its lock_release failed" :
			      "it crashed or was killed");
	ck_assert_int_eq(lock_holder(l), 0);
	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

START_TEST(test_two_locks)
{
	struct lock *a = new_lock(), *b = new_lock();
	struct holder h;

	holder_start(&h, a);
	ck_assert_int_eq(lock_try_acquire(b), 0);       /* b is not a */
	ck_assert_int_eq(lock_holder(a), h.pid);
	ck_assert_int_eq(lock_holder(b), getpid());
	ck_assert_int_eq(lock_release(b), 0);
	holder_finish(&h);
	ck_assert_int_eq(lock_destroy(a), 0);
	ck_assert_int_eq(lock_destroy(b), 0);
}
END_TEST

START_TEST(test_destroy_held)
{
	struct lock *l = new_lock();
	struct holder h;

	ck_assert_int_eq(lock_acquire(l), 0);
	assert_fails_with(lock_destroy(l), EBUSY);
	ck_assert_int_eq(lock_release(l), 0);
	holder_start(&h, l);
	assert_fails_with(lock_destroy(l), EBUSY);
	holder_finish(&h);
	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

/* ---- try and timeout ---- */

START_TEST(test_try_free)
{
	struct lock *l = new_lock();

	ck_assert_int_eq(lock_try_acquire(l), 0);
	ck_assert_int_eq(lock_holder(l), getpid());
	ck_assert_int_eq(lock_release(l), 0);
	ck_assert_int_eq(lock_holder(l), 0);
	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

START_TEST(test_try_busy)
{
	struct lock *l = new_lock();
	struct holder h;
	double t0;

	holder_start(&h, l);
	t0 = now_units();
	ck_assert_int_eq(lock_try_acquire(l), 1);
	ck_assert_int_eq(lock_try_acquire(l), 1);
	assert_within(t0, 10);      /* never waits */
	ck_assert_int_eq(lock_holder(l), h.pid);
	holder_finish(&h);
	ck_assert_int_eq(lock_try_acquire(l), 0);
	ck_assert_int_eq(lock_release(l), 0);
	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

START_TEST(test_timeout_expires)
{
	struct lock *l = new_lock();
	struct holder h;
	double t0, t1;

	holder_start(&h, l);
	t0 = now_units();
	ck_assert_int_eq(lock_acquire_timeout(l, 1), 1);        /* timed out */
	t1 = now_units();
	ck_assert_msg(t1 - t0 >= 1 - EPS, "the timed wait returned after %.3f units, "
		      "before its timeout of 1 unit", t1 - t0);
	ck_assert_int_eq(lock_acquire_timeout(l, 0.5), 1);
	assert_waited(t1, 0.5);
	ck_assert_int_eq(lock_holder(l), h.pid);                /* still its */
	holder_finish(&h);
	t0 = now_units();
	ck_assert_int_eq(lock_acquire_timeout(l, 30), 0);       /* free: at once */
	assert_within(t0, 20);
	ck_assert_int_eq(lock_holder(l), getpid());
	ck_assert_int_eq(lock_release(l), 0);
	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

START_TEST(test_timeout_zero)
{
	struct lock *l = new_lock();
	struct holder h;
	double t0;

	holder_start(&h, l);
	t0 = now_units();
	ck_assert_int_eq(lock_acquire_timeout(l, 0), 1);        /* only tries */
	assert_within(t0, 10);
	holder_finish(&h);
	ck_assert_int_eq(lock_acquire_timeout(l, 0), 0);
	ck_assert_int_eq(lock_holder(l), getpid());
	ck_assert_int_eq(lock_release(l), 0);
	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

/* Child: wait up to 30 units; the parent releases after 1.
   1: error; 2: timed out; 3: got it before the release; 4: too late. */
static int timeout_gets_it(struct lock *l, void *arg)
{
	struct shared *s = arg;
	double t0 = now_units();
	int r = lock_acquire_timeout(l, 30);

	if (r < 0)
		return 1;
	if (r == 1)
		return 2;
	if (!s->released)
		return 3;
	if (now_units() - t0 >= 20)
		return 4;
	return lock_release(l) < 0 ? 5 : 0;
}

START_TEST(test_timeout_acquires_on_release)
{
	struct lock *l = new_lock();
	struct shared *s = shared_new();
	pid_t pid;

	ck_assert_int_eq(lock_acquire(l), 0);
	pid = spawn(timeout_gets_it, l, (void *)s);
	sleep_units(1);
	s->released = 1;
	ck_assert_int_eq(lock_release(l), 0);
	ck_assert_child(pid,
			"1: lock_acquire_timeout(30) failed, 2: it timed out "
			"though the lock was released, 3: it returned before the "
			"release, 4: it took 20 units or more, 5: lock_release "
			"failed");
	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

/* Child: NO_TIMEOUT waits as long as it takes. */
static int none_waits(struct lock *l, void *arg)
{
	struct shared *s = arg;

	if (lock_acquire_timeout(l, NO_TIMEOUT) != 0)
		return 1;
	if (!s->released)
		return 2;
	return lock_release(l) < 0 ? 3 : 0;
}

START_TEST(test_timeout_none_waits)
{
	struct lock *l = new_lock();
	struct shared *s = shared_new();
	pid_t pid;

	ck_assert_int_eq(lock_acquire(l), 0);
	pid = spawn(none_waits, l, (void *)s);
	sleep_units(1);
	s->released = 1;
	ck_assert_int_eq(lock_release(l), 0);
	ck_assert_child(pid,
			"1: lock_acquire_timeout(NO_TIMEOUT) did not return 0, 2: "
			"it returned before the holder released the lock, 3: "
			"lock_release failed");
	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

/* Child: as multiprocessing's Lock.acquire(timeout=-1), a negative
   timeout only tries: 1 at once while the parent holds the lock. */
static int negative_looks(struct lock *l, void *arg)
{
	double t0 = now_units();
	int r = lock_acquire_timeout(l, -1);

	(void)arg;
	if (r != 1)
		return r == 0 ? 10 : 20;
	if (lock_acquire_timeout(l, -0.5) != 1)
		return 30;
	return now_units() - t0 < 0.5 ? 0 : 40;
}

START_TEST(test_timeout_negative_looks)
{
	struct lock *l = new_lock();
	int code;

	ck_assert_int_eq(lock_acquire(l), 0);
	code = join_child(spawn(negative_looks, l, NULL));
	ck_assert_int_eq(lock_release(l), 0);
	ck_assert_msg(code == 0, "lock_acquire_timeout(l, -1) while another process holds "
		      "the lock: want 1 at once (a negative timeout only tries, as Python's "
		      "Lock.acquire(timeout=-1)), got %s", code == 40 ? "1, but only after waiting" :
		      code == 10 ? "0" : "an error (or it waited until killed)");
	ck_assert_int_eq(lock_acquire_timeout(l, -1), 0);      /* free: taken */
	ck_assert_int_eq(lock_release(l), 0);
	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

/* ---- signals ---- */

/* Child: a signal half-way through must not end the wait. */
static int acquire_through_signal(struct lock *l, void *arg)
{
	struct shared *s = arg;

	if (catch_alarm() < 0 || alarm_in(0.5) < 0)
		return 5;
	if (lock_acquire(l) < 0)
		return errno == EINTR ? 1 : 2;
	if (!s->released)
		return 3;
	return lock_release(l) < 0 ? 4 : 0;
}

START_TEST(test_acquire_survives_signal)
{
	struct lock *l = new_lock();
	struct shared *s = shared_new();
	pid_t pid;

	ck_assert_int_eq(lock_acquire(l), 0);
	pid = spawn(acquire_through_signal, l, (void *)s);
	sleep_units(1.5);       /* the child's alarm rings after 0.5 */
	s->released = 1;
	ck_assert_int_eq(lock_release(l), 0);
	ck_assert_child(pid,
			"1: lock_acquire gave up with EINTR when a signal came "
			"(it must retry), 2: lock_acquire failed, 3: it returned "
			"before the release, 4: lock_release failed, 5: the test "
			"could not set its alarm");
	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

/*
 * SIGALRM every 0.2 units during acquire(timeout=1.5): the full 1.5 is
 * waited, and not started again after each EINTR (a deadline computed
 * again each time round): that one returns only once the 50 alarms have
 * stopped, after 10 units.
 */
START_TEST(test_timeout_survives_signal)
{
	struct lock *l = new_lock();
	struct holder h;
	double t0;

	holder_start(&h, l);
	t0 = now_units();
	ck_assert_int_eq(alarm_every(0.2, 50), 0);
	ck_assert_int_eq(lock_acquire_timeout(l, 1.5), 1);      /* the full 1.5 */
	assert_waited(t0, 1.5);
	ck_assert_msg(now_units() - t0 < 8, "acquire(timeout=1.5) took %.2f units with "
		      "a SIGALRM every 0.2: after EINTR, wait until the same deadline, "
		      "not a full timeout again", now_units() - t0);
	alarm(0);
	holder_finish(&h);
	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

/* ---- sleeping, not spinning ---- */

/* Take l, say so on held[1], burn 1.5 units of CPU time, release. */
static int burn_holding(struct lock *l, void *arg)
{
	int *held = arg;

	close(held[0]);
	if (lock_acquire(l) < 0)
		return 1;
	if (write(held[1], "h", 1) != 1)
		return 2;
	burn_cpu(1.5);
	return lock_release(l) < 0 ? 3 : 0;
}

/*
 * A waiting acquire sleeps: the holder burns 1.5 units of CPU time on the
 * same CPU as the test, and lock_acquire, then lock_acquire_timeout(l, 30),
 * each waiting for such a holder, may take less than 0.75 of it.  A lock
 * that spins on a try (with no sleep and no yield) takes its share of that
 * CPU: as much as the holder, whose release it only delays.
 */
START_TEST(test_acquire_sleeps)
{
	struct lock *l = new_lock();
	int held[2], r;
	double c0;
	pid_t pid;
	char c;

	ck_assert_int_eq(share_one_cpu(), 0);
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(pipe(held), 0);
		pid = spawn(burn_holding, l, held);
		close(held[1]);
		ck_assert_msg(read(held[0], &c, 1) == 1, "the holder child never got "
			      "the lock (exit %d)", join_child(pid));
		close(held[0]);
		c0 = cpu_units();
		r = i == 0 ? lock_acquire(l) : lock_acquire_timeout(l, 30);
		/* sem_wait or a futex sleeps; a loop of tries does not */
		assert_slept(c0, 0.75, i == 0 ? "lock_acquire" : "lock_acquire_timeout(l, 30)");
		ck_assert_int_eq(r, 0);
		ck_assert_int_eq(lock_release(l), 0);
		ck_assert_child(pid, "1: its lock_acquire failed, 3: its lock_release failed");
	}
	ck_assert_int_eq(lock_destroy(l), 0);
}
END_TEST

/* ---- promptness and descriptors ---- */

/*
 * A holder that lets go on time: it takes the lock, says so on held,
 * waits for go, sleeps after units, releases, and then tells the test on
 * when the moment it released (now_units: one clock for every process).
 */
struct timed {
	double after;
	int held[2], go[2], when[2];
};

static int hold_for(struct lock *l, void *arg)
{
	struct timed *t = arg;
	double at;
	char c;

	close(t->go[1]);
	close(t->when[0]);
	if (lock_acquire(l) < 0)
		return 1;
	if (write(t->held[1], "h", 1) != 1)
		return 2;
	while (read(t->go[0], &c, 1) < 0 && errno == EINTR)
		;
	sleep_units(t->after);
	at = now_units();
	if (lock_release(l) < 0)
		return 3;
	return write(t->when[1], &at, sizeof at) == sizeof at ? 0 : 4;
}

/*
 * How late, in units, lock_acquire (timeout NO_TIMEOUT) or lock_acquire_timeout
 * took l after a holder released it, after units from the call.
 */
static double acquire_lateness(struct lock *l, double after, double timeout)
{
	struct timed t = { after, { -1, -1 }, { -1, -1 }, { -1, -1 } };
	double at, got;
	pid_t pid;
	char c;
	int r;

	ck_assert(pipe(t.held) == 0 && pipe(t.go) == 0 && pipe(t.when) == 0);
	pid = spawn(hold_for, l, &t);
	close(t.held[1]);
	close(t.go[0]);
	close(t.when[1]);
	ck_assert_msg(read(t.held[0], &c, 1) == 1, "the holder never got the lock");
	close(t.go[1]);                 /* go: it lets go after units from now */
	r = timeout == NO_TIMEOUT ? lock_acquire(l) : lock_acquire_timeout(l, timeout);
	got = now_units();
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(read(t.when[0], &at, sizeof at), sizeof at);
	ck_assert_int_eq(lock_release(l), 0);
	ck_assert_child(pid, "1: the holder's lock_acquire failed, 3: its "
			"lock_release failed");
	close(t.held[0]);
	close(t.when[0]);
	return got - at;
}

/*
 * A blocked acquire takes the lock as soon as it is released, not at the
 * next tick of a polling loop: releases at phases spread over a unit, the
 * median lateness under PROMPT_UNITS (labtest.h).
 */
static void assert_prompt(double timeout)
{
	struct lock *l = new_lock();
	double late[PROMPT_TRIALS];

	for (int i = 0; i < PROMPT_TRIALS; i++)
		late[i] = acquire_lateness(l, 1 + (double)i / PROMPT_TRIALS, timeout);
	ck_assert_msg(median(late, PROMPT_TRIALS) < PROMPT_UNITS,
		      "%s took the lock a median %.2f units after its release (at most %.2f): "
		      "does it poll, sleeping between tries?",
		      timeout == NO_TIMEOUT ? "lock_acquire" : "lock_acquire_timeout(l, 30)",
		      median(late, PROMPT_TRIALS), PROMPT_UNITS);
	ck_assert_int_eq(lock_destroy(l), 0);
}

START_TEST(test_acquire_prompt)
{
	assert_prompt(NO_TIMEOUT);
}
END_TEST

START_TEST(test_timeout_prompt)
{
	assert_prompt(30);
}
END_TEST

/* A lock's whole life, a timed-out wait included, leaves no descriptor open. */
/* lock_destroy gives the lock's shared memory back: no mapping is left. */
START_TEST(test_destroy_unmaps)
{
	int before = count_mappings();
	struct lock *l;

	ck_assert_int_ge(before, 0);
	l = new_lock();
	ck_assert_int_eq(lock_destroy(l), 0);
	ck_assert_msg(count_mappings() == before, "%d mappings before lock_create, %d after "
		      "lock_destroy: munmap what lock_create mapped", before, count_mappings());
}
END_TEST

START_TEST(test_no_fd_leak)
{
	int before = open_fds();
	struct holder h;
	struct lock *l;

	ck_assert_int_ge(before, 0);
	l = new_lock();
	ck_assert_int_eq(lock_acquire(l), 0);
	ck_assert_int_eq(lock_release(l), 0);
	ck_assert_int_eq(lock_try_acquire(l), 0);
	ck_assert_int_eq(lock_release(l), 0);
	ck_assert_int_eq(lock_acquire_timeout(l, 1), 0);
	ck_assert_int_eq(lock_release(l), 0);
	holder_start(&h, l);
	ck_assert_int_eq(lock_acquire_timeout(l, 0.2), 1);     /* timed out */
	ck_assert_int_eq(lock_try_acquire(l), 1);
	holder_finish(&h);
	ck_assert_int_eq(lock_destroy(l), 0);
	ck_assert_msg(open_fds() == before, "%d descriptors open before lock_create, %d after "
		      "lock_destroy: close what the lock opens (shm_open's?)", before, open_fds());
}
END_TEST

static Suite *make_lock_suite(void)
{
	Suite *s = suite_create("lock");
	TCase *core, *timeout, *signals, *cpu, *race;

	core = add_tcase(s, "core", 10);
	tcase_add_test(core, test_create_free);
	tcase_add_test(core, test_acquire_release);
	tcase_add_test(core, test_acquire_twice);
	tcase_add_test(core, test_release_free);
	tcase_add_test(core, test_release_by_other);
	tcase_add_test(core, test_held_in_child);
	tcase_add_test(core, test_acquire_blocks);
	tcase_add_test(core, test_mutual_exclusion);
	tcase_add_test(core, test_two_locks);
	tcase_add_test(core, test_destroy_held);

	timeout = add_tcase(s, "timeout", 10);
	tcase_add_test(timeout, test_try_free);
	tcase_add_test(timeout, test_try_busy);
	tcase_add_test(timeout, test_timeout_expires);
	tcase_add_test(timeout, test_timeout_zero);
	tcase_add_test(timeout, test_timeout_acquires_on_release);
	tcase_add_test(timeout, test_timeout_none_waits);
	tcase_add_test(timeout, test_timeout_negative_looks);
	tcase_add_test(timeout, test_acquire_prompt);
	tcase_add_test(timeout, test_timeout_prompt);
	tcase_add_test(timeout, test_no_fd_leak);
	tcase_add_test(timeout, test_destroy_unmaps);

	signals = add_tcase(s, "signals", 10);
	tcase_add_test(signals, test_acquire_survives_signal);
	tcase_add_test(signals, test_timeout_survives_signal);

	/* Up to GUN_UNITS of racing, more on a loaded machine. */
	/* 3 units of CPU time: far longer on a busy CPU. */
	cpu = add_tcase(s, "cpu", 60);
	tcase_add_test(cpu, test_acquire_sleeps);

	race = add_tcase(s, "race", GUN_UNITS + 20);
	tcase_add_test(race, test_simultaneous_acquire);
	return s;
}

int main(void)
{
	return run_suite(make_lock_suite());
}
