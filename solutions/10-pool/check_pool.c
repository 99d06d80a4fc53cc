/*
 * check_pool.c - unit tests for pool.c (Check).
 *
 * PROVIDED: the grader runs its own copy.  Run: ./check_pool
 * (CK_VERBOSITY=verbose lists every test; CK_FORK=no to debug in gdb).
 * Times are in units; unset PROCLAB_UNIT_MS means 50 ms here.  What ran
 * where and how many at once is counted by the tasks themselves in a
 * shared mapping made before the pool (so every worker has it); lower
 * bounds on time are exact, upper bounds far away.
 */
#define _GNU_SOURCE
#include "labtest.h"
#include "pool.h"
#include "proclab.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXX 4096

/* What the tasks count, in memory shared with every worker. */
static struct shared {
	int active;             /* tasks of counted() running now */
	int most;               /* the most that ran at once */
	int runs[MAXX];         /* how many times counted(x) ran */
} *sh;

static void shared_new(void)
{
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ck_assert_msg(sh != MAP_FAILED, "mmap: %s", strerror(errno));
}

/* A pool the test made; NULL means pool_create failed. */
#define ck_assert_pool(p) \
	ck_assert_msg((p) != NULL, "pool_create returned NULL (%s)", strerror(errno))
#define ck_assert_async(r) \
	ck_assert_msg((r) != NULL, "pool_apply_async returned NULL (%s)", strerror(errno))

/* After join or free: every worker was reaped, no child is left. */
#define assert_no_children() \
	ck_assert_msg(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD, \
		      "a worker is still running or was never reaped (a zombie)")

/* ---- tasks ---- */

static int square(long x, long *y)
{
	*y = x * x;
	return 0;
}

static int whoami(long x, long *y)
{
	(void)x;
	*y = getpid();
	return 0;
}

/* Negative x: EDOM; x >= 1000: ERANGE (Python: the task raises). */
static int picky(long x, long *y)
{
	if (x < 0)
		return EDOM;
	if (x >= 1000)
		return ERANGE;
	*y = x;
	return 0;
}

/* Like picky, but a negative x fails only after 1 unit: the failure
   first in input order comes back last in time. */
static int picky_late(long x, long *y)
{
	if (x < 0) {
		sleep_units(1);
		return EDOM;
	}
	return picky(x, y);
}

/* Sleeps x hundredths of a unit. */
static int nap(long x, long *y)
{
	sleep_units(x / 100.0);
	*y = x;
	return 0;
}

/* Prints a line's start (no newline: it stays in the worker's buffer). */
static int shout(long x, long *y)
{
	printf("task-%ld-printed", x);
	*y = x;
	return 0;
}

/* Counts itself in sh: runs[x], and how many run at once; 0.2 units. */
static int counted(long x, long *y)
{
	int now = __atomic_add_fetch(&sh->active, 1, __ATOMIC_SEQ_CST);
	int most = __atomic_load_n(&sh->most, __ATOMIC_SEQ_CST);

	while (now > most &&
	       !__atomic_compare_exchange_n(&sh->most, &most, now, 0,
					    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
	__atomic_add_fetch(&sh->runs[x % MAXX], 1, __ATOMIC_SEQ_CST);
	sleep_units(0.2);
	__atomic_sub_fetch(&sh->active, 1, __ATOMIC_SEQ_CST);
	*y = x;
	return 0;
}

/* ---- callbacks: they run in the parent, so plain globals do ---- */

static int calls;               /* callbacks run (in this process) */
static long cb_got;             /* the last result a callback got */
static pid_t cb_pid;            /* the process a callback ran in */

/* A slow callback: the count goes up only after 1 unit. */
static void slow_cb(long y, void *ctx)
{
	(void)ctx;
	cb_pid = getpid();
	sleep_units(1);
	cb_got = y;
	calls++;
}

static void count_cb(long y, void *ctx)
{
	(void)y;
	++*(int *)ctx;
}

/* ---- create ---- */

START_TEST(test_create_refuses_nonpositive)
{
	/* Python: ValueError("Number of processes must be at least 1") */
	errno = 0;
	ck_assert_msg(pool_create(0) == NULL && errno == EINVAL,
		      "pool_create(0): want NULL with EINVAL, got errno %d", errno);
	errno = 0;
	ck_assert_msg(pool_create(-3) == NULL && errno == EINVAL,
		      "pool_create(-3): want NULL with EINVAL, got errno %d", errno);
	assert_no_children();
}
END_TEST

START_TEST(test_create_free)
{
	struct pool *p = pool_create(3);

	ck_assert_pool(p);
	ck_assert_int_eq(pool_free(p), 0);
	assert_no_children();
	ck_assert_int_eq(pool_free(NULL), 0);
}
END_TEST

START_TEST(test_create_flushes)
{
	/* A fully buffered stream with output not written yet: pool_create
	   flushes it, or each worker, which flushes its stdio before it
	   ends, writes that output again. */
	FILE *f = tmpfile();
	char buf[64];
	size_t got;
	struct pool *p;

	ck_assert_msg(f != NULL, "tmpfile: %s", strerror(errno));
	ck_assert_int_eq(setvbuf(f, NULL, _IOFBF, BUFSIZ), 0);
	ck_assert_int_ge(fputs("once\n", f), 0);
	ck_assert_pool(p = pool_create(2));
	ck_assert_int_eq(pool_close(p), 0);
	ck_assert_int_eq(pool_join(p), 0);
	ck_assert_int_eq(pool_free(p), 0);
	ck_assert_int_eq(fflush(f), 0);
	rewind(f);
	got = fread(buf, 1, sizeof buf - 1, f);
	buf[got] = '\0';
	ck_assert_msg(strcmp(buf, "once\n") == 0, "a line written (not flushed) "
		      "before pool_create(2), then close and join: the file holds "
		      "%zu bytes, want that line once, 5 bytes (flush stdio before "
		      "forking)", got);
	fclose(f);
}
END_TEST

/* A pool of 2 runs f(x) once, then is closed, joined and freed. */
static void apply_once_and_end(pool_fn *f, long x)
{
	struct pool *p = pool_create(2);
	long y;

	ck_assert_pool(p);
	ck_assert_int_eq(pool_apply(p, f, x, &y), 0);
	ck_assert_int_eq(pool_close(p), 0);
	ck_assert_int_eq(pool_join(p), 0);
	ck_assert_int_eq(pool_free(p), 0);
}

START_TEST(test_worker_output_flushed)
{
	int saved, rfd = capture_stdout(&saved);

	/* A worker's stdout is a pipe here, so its stdio buffers whole
	   blocks: a worker that ends with _exit alone throws them away. */
	apply_once_and_end(shout, 7);
	ck_assert_msg(count_captured(rfd, saved, "task-7-printed") == 1,
		      "what a task printed (without a newline) was lost, or came "
		      "out twice: a worker ends with fflush(NULL), then _exit(0)");
}
END_TEST

START_TEST(test_no_fd_leak)
{
	int before = open_fds();

	apply_once_and_end(square, 3);
	ck_assert_msg(open_fds() == before, "%d descriptors open before the pool, "
		      "%d after pool_free", before, open_fds());
}
END_TEST

/* What pool_create did in the thread where fork fails, and what it left:
   descriptors and threads before and after. */
struct call { struct pool *p; int err, fds, fds_after, threads, threads_after; };

static void create_no_fork(void *arg)
{
	struct call *c = arg;
	double t0;

	c->fds = open_fds();
	c->threads = dir_entries("/proc/self/task");
	errno = 0;
	c->p = pool_create(3);
	c->err = errno;
	c->fds_after = open_fds();
	/* A thread that was joined may still be listed for a moment. */
	t0 = now_units();
	while ((c->threads_after = dir_entries("/proc/self/task")) > c->threads &&
	       now_units() - t0 < 1)
		sleep_units(0.01);
}

/*
 * When fork fails (EAGAIN: the process limit was reached), pool_create
 * returns NULL with that errno and leaves nothing behind: no descriptor
 * open, no thread running.  The caller goes on (Python's Pool() raises
 * OSError) and can make a pool once fork works again.
 */
START_TEST(test_create_fork_fails)
{
	struct call c = { NULL, 0, 0, 0, 0, 0 };
	struct pool *p;

	ck_assert_msg(run_forkless(create_no_fork, &c) == 0,
		      "labtest: cannot make fork fail here: %s", strerror(errno));
	ck_assert_msg(c.p == NULL && c.err == EAGAIN, "pool_create(3) when fork "
		      "fails with EAGAIN: want NULL with errno EAGAIN, got %s with "
		      "errno %d (%s)", c.p ? "a pool" : "NULL", c.err, strerror(c.err));
	ck_assert_msg(c.fds >= 0 && c.fds_after == c.fds, "%d descriptors open "
		      "before a pool_create whose fork failed, %d after: close "
		      "what it opened", c.fds, c.fds_after);
	ck_assert_msg(c.threads > 0 && c.threads_after == c.threads, "%d threads "
		      "before a pool_create whose fork failed, %d a unit after: "
		      "stop (and join) any thread it started", c.threads, c.threads_after);
	/* The test's own thread can fork: a pool is made now. */
	ck_assert_pool(p = pool_create(2));
	ck_assert_int_eq(pool_terminate(p), 0);
	ck_assert_int_eq(pool_free(p), 0);
	assert_no_children();
}
END_TEST

/* ---- apply ---- */

START_TEST(test_apply_result)
{
	struct pool *p = pool_create(2);
	long y = 0;

	ck_assert_pool(p);
	ck_assert_int_eq(pool_apply(p, square, 7, &y), 0);
	ck_assert_int_eq(y, 49);
	ck_assert_int_eq(pool_apply(p, square, -3000000, &y), 0);
	ck_assert_int_eq(y, 9000000000000L);
	ck_assert_int_eq(pool_free(p), 0);
}
END_TEST

START_TEST(test_apply_runs_in_worker)
{
	struct pool *p = pool_create(2);
	long y = 0;

	ck_assert_pool(p);
	ck_assert_int_eq(pool_apply(p, whoami, 0, &y), 0);
	ck_assert_msg(y != getpid() && y > 0, "the task ran in process %ld, not in "
		      "a worker (the pool's process is %d)", y, (int)getpid());
	ck_assert_int_eq(pool_free(p), 0);
}
END_TEST

START_TEST(test_apply_error)
{
	struct pool *p = pool_create(2);
	long y = 123;

	ck_assert_pool(p);
	/* Python re-raises the task's exception; here its error number. */
	assert_fails_with(pool_apply(p, picky, -1, &y), EDOM);
	assert_fails_with(pool_apply(p, picky, 5000, &y), ERANGE);
	ck_assert_int_eq(pool_apply(p, picky, 5, &y), 0);
	ck_assert_int_eq(y, 5);
	ck_assert_int_eq(pool_free(p), 0);
}
END_TEST

START_TEST(test_fixed_workers)
{
	struct pool_result *rs[40];
	pid_t seen[40];
	int nseen = 0;
	struct pool *p = pool_create(3);

	ck_assert_pool(p);
	for (int i = 0; i < 40; i++)
		ck_assert_async(rs[i] = pool_apply_async(p, whoami, i, NULL, NULL));
	for (int i = 0; i < 40; i++) {
		long y;
		int j;

		ck_assert_int_eq(pool_get(rs[i], NO_TIMEOUT, &y), 0);
		for (j = 0; j < nseen && seen[j] != y; j++)
			;
		if (j == nseen)
			seen[nseen++] = y;
		ck_assert_int_eq(pool_result_free(rs[i]), 0);
	}
	ck_assert_msg(nseen <= 3, "40 tasks on a pool of 3 ran in %d different "
		      "processes: a pool keeps its workers, it does not fork a "
		      "process per task", nseen);
	ck_assert_int_eq(pool_free(p), 0);
}
END_TEST

/* ---- apply_async, get, callbacks ---- */

START_TEST(test_callback_before_get_returns)
{
	struct pool *p = pool_create(2);
	struct pool_result *r;
	long y = 0;

	ck_assert_pool(p);
	calls = 0;
	ck_assert_async(r = pool_apply_async(p, square, 6, slow_cb, NULL));
	ck_assert_int_eq(pool_get(r, NO_TIMEOUT, &y), 0);
	ck_assert_int_eq(y, 36);
	ck_assert_msg(calls == 1, "pool_get returned while the callback had run "
		      "%d times: it must return only after the callback did", calls);
	ck_assert_int_eq(cb_got, 36);
	ck_assert_int_eq(pool_close(p), 0);
	ck_assert_int_eq(pool_join(p), 0);
	ck_assert_msg(calls == 1, "the callback ran %d times, not once", calls);
	ck_assert_int_eq(pool_result_free(r), 0);
	ck_assert_int_eq(pool_free(p), 0);
}
END_TEST

START_TEST(test_callback_in_parent)
{
	struct pool *p = pool_create(2);
	struct pool_result *r;
	long y;

	ck_assert_pool(p);
	cb_pid = 0;
	ck_assert_async(r = pool_apply_async(p, square, 2, slow_cb, NULL));
	ck_assert_int_eq(pool_get(r, NO_TIMEOUT, &y), 0);
	ck_assert_msg(cb_pid == getpid(), "the callback did not run in the parent "
		      "(it ran in %s)", cb_pid == 0 ? "another process" : "a stranger");
	ck_assert_int_eq(pool_result_free(r), 0);
	ck_assert_int_eq(pool_free(p), 0);
}
END_TEST

START_TEST(test_callback_not_on_error)
{
	struct pool *p = pool_create(2);
	struct pool_result *r;
	int n = 0;
	long y;

	ck_assert_pool(p);
	ck_assert_async(r = pool_apply_async(p, picky, -1, count_cb, &n));
	assert_fails_with(pool_get(r, NO_TIMEOUT, &y), EDOM);
	assert_fails_with(pool_get(r, NO_TIMEOUT, &y), EDOM);   /* again */
	ck_assert_int_eq(pool_close(p), 0);
	ck_assert_int_eq(pool_join(p), 0);
	ck_assert_msg(n == 0, "the callback ran for a task that failed "
		      "(Python calls error_callback there, never callback)");
	ck_assert_int_eq(pool_result_free(r), 0);
	ck_assert_int_eq(pool_free(p), 0);
}
END_TEST

START_TEST(test_get_timeout)
{
	struct pool *p = pool_create(1);
	struct pool_result *r;
	double t0;
	long y = 0;

	ck_assert_pool(p);
	ck_assert_async(r = pool_apply_async(p, nap, 200, NULL, NULL));    /* 2 units */
	ck_assert_int_eq(pool_ready(r), 0);
	t0 = now_units();
	assert_fails_with(pool_get(r, 0, &y), ETIMEDOUT);
	assert_fails_with(pool_get(r, -1, &y), ETIMEDOUT);
	assert_within(t0, 1.5);         /* only looked: the task takes 2 */
	t0 = now_units();
	assert_fails_with(pool_get(r, 0.5, &y), ETIMEDOUT);
	assert_waited(t0, 0.5);
	ck_assert_int_eq(pool_get(r, NO_TIMEOUT, &y), 0);
	ck_assert_int_eq(y, 200);
	ck_assert_int_eq(pool_ready(r), 1);
	ck_assert_int_eq(pool_get(r, 0, &y), 0);        /* again: the same */
	ck_assert_int_eq(y, 200);
	ck_assert_int_eq(pool_result_free(r), 0);
	ck_assert_int_eq(pool_free(p), 0);
}
END_TEST

/*
 * A lost wake-up: get looks at its result (pending), the handler makes it
 * final and wakes the waiters (none yet), and only then does get go to
 * sleep: for ever, unless another result follows.  The look and the sleep
 * must be one step under the lock the handler wakes under.  The window is
 * narrow: each round waits for the last of WAKE_K results first, so the
 * others' wake-ups make get look again just as its own result comes in.
 * Under chaos on one CPU (scenario get-wakeup.json), a yield in the window
 * lets the handler through: a wrong pool hangs within some tens of rounds.
 * Rounds stop after WAKE_ROUNDS or WAKE_BUDGET units, so a loaded machine
 * runs fewer, not longer; a get may take WAKE_WAIT units, 100 times what a
 * round took for the reference pinned to one busy CPU with chaos on.
 */
#define WAKE_K 4
#define WAKE_ROUNDS 400
#define WAKE_BUDGET 30.0
#define WAKE_WAIT 20.0

START_TEST(test_get_wakes_up)
{
	struct pool_result *rs[WAKE_K];
	struct pool *p = pool_create(2);
	double start = now_units(), t0, took;
	long y;
	int got;

	ck_assert_pool(p);
	for (int round = 0; round < WAKE_ROUNDS &&
		     now_units() - start < WAKE_BUDGET; round++) {
		for (int i = 0; i < WAKE_K; i++)
			ck_assert_async(rs[i] = pool_apply_async(p, square, i, NULL, NULL));
		for (int i = WAKE_K - 1; i >= 0; i--) {
			/* Every 4th round the first get has no timeout: a
			   lost wake-up there stops the test at its limit. */
			t0 = now_units();
			got = pool_get(rs[i], round % 4 == 3 && i == WAKE_K - 1 ?
				       NO_TIMEOUT : WAKE_WAIT, &y);
			took = now_units() - t0;
			ck_assert_msg(got == 0 && took < WAKE_WAIT, "round %d: "
				      "pool_get(r, %g) of square(%d), a task that "
				      "takes no time, %s after %.2f units: it slept "
				      "through its result's wake-up (look at the "
				      "state and wait in one step, under the lock "
				      "the handler wakes under)", round + 1,
				      WAKE_WAIT, i, got == 0 ? "returned" :
				      "failed", took);
			ck_assert_int_eq(y, (long)i * i);
			ck_assert_int_eq(pool_result_free(rs[i]), 0);
		}
	}
	ck_assert_int_eq(pool_free(p), 0);
}
END_TEST

START_TEST(test_get_timeout_busy)
{
	struct pool_result *slow, *rs[60];
	struct pool *p = pool_create(2);
	double t0, took;
	long y;
	int got, e;

	ck_assert_pool(p);
	/* One worker naps 8 units; the other finishes a task every 0.1
	   unit for 6 units, and each result wakes every waiting get.
	   get(slow, 1) still gives up after 1 unit: its deadline is fixed
	   when it is called, not 1 unit after each wake-up. */
	ck_assert_async(slow = pool_apply_async(p, nap, 800, NULL, NULL));
	for (int i = 0; i < 60; i++)
		ck_assert_async(rs[i] = pool_apply_async(p, nap, 10, NULL, NULL));
	t0 = now_units();
	got = pool_get(slow, 1, &y);
	e = errno;
	took = now_units() - t0;
	ck_assert_int_eq(pool_free(p), 0);      /* terminates: no 8-unit wait */
	ck_assert_msg(took >= 1 - EPS, "pool_get(r, 1) gave up after %.3f units, "
		      "before its timeout", took);
	ck_assert_msg(took < 3, "pool_get(r, 1) took %.2f units while the other "
		      "tasks' results came in every 0.1 unit: want about 1.  Is the "
		      "deadline computed again at each wake-up?  Fix it once, when "
		      "get is called", took);
	ck_assert_msg(got == -1 && e == ETIMEDOUT, "pool_get(r, 1) of a task of "
		      "8 units: want -1 with ETIMEDOUT, got %d (errno %d)", got, e);
}
END_TEST

START_TEST(test_result_free_pending)
{
	struct pool *p = pool_create(1);
	struct pool_result *r;
	long y;

	ck_assert_pool(p);
	ck_assert_async(r = pool_apply_async(p, nap, 100, NULL, NULL));
	assert_fails_with(pool_result_free(r), EBUSY);
	ck_assert_int_eq(pool_get(r, NO_TIMEOUT, &y), 0);
	ck_assert_int_eq(pool_result_free(r), 0);
	ck_assert_int_eq(pool_result_free(NULL), 0);
	ck_assert_int_eq(pool_free(p), 0);
}
END_TEST

/* ---- map ---- */

START_TEST(test_map_order)
{
	static const size_t chunks[] = { 1, 2, 0, 5, 100 };
	long xs[16], ys[16];
	struct pool *p = pool_create(4);

	ck_assert_pool(p);
	/* Item i naps 16 - i hundredths: the last finish first. */
	for (int i = 0; i < 16; i++)
		xs[i] = 16 - i;
	for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
		memset(ys, 0, sizeof ys);
		ck_assert_int_eq(pool_map(p, nap, xs, 16, chunks[c], ys), 0);
		for (int i = 0; i < 16; i++)
			ck_assert_msg(ys[i] == xs[i], "map with chunksize %zu: ys[%d] "
				      "is %ld, want %ld: results must be in input order, "
				      "not in the order tasks finish", chunks[c], i,
				      ys[i], xs[i]);
	}
	ck_assert_int_eq(pool_free(p), 0);
}
END_TEST

START_TEST(test_map_waits_for_all)
{
	long xs[2] = { 200, 200 }, ys[2] = { 0, 0 }, y;
	struct pool_result *rs[12];
	struct pool *p = pool_create(3);
	double t0;

	ck_assert_pool(p);
	/* 12 tasks of 0.25 unit, queued first, end one by one during the
	   first unit of map's wait (its two 2-unit items queue behind
	   them): their results must not end that wait. */
	for (int i = 0; i < 12; i++)
		ck_assert_async(rs[i] = pool_apply_async(p, nap, 25, NULL, NULL));
	t0 = now_units();
	ck_assert_int_eq(pool_map(p, nap, xs, 2, 1, ys), 0);
	ck_assert_msg(ys[0] == 200 && ys[1] == 200, "map returned after %.2f units "
		      "with ys = { %ld, %ld }, want { 200, 200 }: it must wait until "
		      "every item is done, whatever other result comes in meanwhile "
		      "(wait in a while loop, not an if)", now_units() - t0, ys[0], ys[1]);
	assert_waited(t0, 2);
	for (int i = 0; i < 12; i++) {
		ck_assert_int_eq(pool_get(rs[i], NO_TIMEOUT, &y), 0);
		ck_assert_int_eq(pool_result_free(rs[i]), 0);
	}
	ck_assert_int_eq(pool_free(p), 0);
}
END_TEST

START_TEST(test_map_chunk_one_worker)
{
	long xs[12] = { 0 }, ys[12];
	struct pool *p = pool_create(3);

	ck_assert_pool(p);
	/* One chunk of all 12: one worker runs them all. */
	ck_assert_int_eq(pool_map(p, whoami, xs, 12, 12, ys), 0);
	for (int i = 1; i < 12; i++)
		ck_assert_msg(ys[i] == ys[0], "chunksize 12: items 0 and %d ran in "
			      "different workers (a chunk goes to one worker)", i);
	ck_assert_int_eq(pool_free(p), 0);
}
END_TEST

START_TEST(test_map_error)
{
	long xs[8] = { 0, 1, 2, 5000, 4, -1, 6, 7 }, ys[8] = { 0 };
	long late[4] = { -1, 1, 2, 5000 };
	struct pool *p = pool_create(3);

	ck_assert_pool(p);
	/* Items 3 (ERANGE) and 5 (EDOM) fail: the first in input order wins. */
	assert_fails_with(pool_map(p, picky, xs, 8, 1, ys), ERANGE);
	ck_assert_int_eq(ys[2], 2);
	ck_assert_int_eq(ys[7], 7);
	assert_fails_with(pool_map(p, picky, xs + 4, 4, 2, ys), EDOM);
	/* Item 0 fails 1 unit late, item 3 at once: still item 0's error,
	   and map waited for it (Python's map raises the first in time). */
	memset(ys, 0, sizeof ys);
	assert_fails_with(pool_map(p, picky_late, late, 4, 1, ys), EDOM);
	ck_assert_msg(ys[1] == 1 && ys[2] == 2, "map of 4 items, items 0 and 3 "
		      "failing: ys[1] = %ld, ys[2] = %ld, want 1 and 2", ys[1], ys[2]);
	ck_assert_int_eq(pool_free(p), 0);
}
END_TEST

START_TEST(test_map_empty_and_large)
{
	enum { N = 20000 };
	long *xs = malloc(N * sizeof *xs), *ys = malloc(N * sizeof *ys);
	struct pool *p = pool_create(3);

	ck_assert_pool(p);
	ck_assert(xs != NULL && ys != NULL);
	ck_assert_int_eq(pool_map(p, square, xs, 0, 0, ys), 0);
	for (long i = 0; i < N; i++)
		xs[i] = i;
	for (size_t c = 0; c <= 1; c++) {       /* the default, then 1 */
		memset(ys, 0, N * sizeof *ys);
		ck_assert_int_eq(pool_map(p, square, xs, N, c, ys), 0);
		for (long i = 0; i < N; i++)
			ck_assert_msg(ys[i] == i * i, "map of %d items, chunksize %zu: "
				      "ys[%ld] is %ld", N, c, i, ys[i]);
	}
	ck_assert_int_eq(pool_free(p), 0);
	free(xs);
	free(ys);
}
END_TEST

/* ---- how many at once ---- */

START_TEST(test_at_most_n_at_once)
{
	struct pool_result *rs[16];
	struct pool *p;

	shared_new();
	ck_assert_pool(p = pool_create(4));
	for (int i = 0; i < 16; i++)
		ck_assert_async(rs[i] = pool_apply_async(p, counted, i, NULL, NULL));
	ck_assert_int_eq(pool_close(p), 0);
	ck_assert_int_eq(pool_join(p), 0);
	ck_assert_msg(sh->most <= 4, "%d tasks ran at once on a pool of 4", sh->most);
	for (int i = 0; i < 16; i++) {
		ck_assert_msg(sh->runs[i] == 1, "task %d ran %d times, not once",
			      i, sh->runs[i]);
		ck_assert_int_eq(pool_result_free(rs[i]), 0);
	}
	ck_assert_int_eq(pool_free(p), 0);
}
END_TEST

START_TEST(test_n_at_once_while_waiting)
{
	long xs[16], ys[16];
	struct pool *p;

	shared_new();
	ck_assert_pool(p = pool_create(4));
	for (int i = 0; i < 16; i++)
		xs[i] = i;
	/* 16 tasks of 0.2 units, 12 waiting at first: all 4 workers busy. */
	ck_assert_int_eq(pool_map(p, counted, xs, 16, 1, ys), 0);
	ck_assert_msg(sh->most == 4, "at most %d tasks ran at once on a pool of "
		      "4 while 12 waited: every worker must take work", sh->most);
	for (int i = 0; i < 16; i++)
		ck_assert_msg(sh->runs[i] == 1, "item %d ran %d times, not once",
			      i, sh->runs[i]);
	ck_assert_int_eq(pool_free(p), 0);
}
END_TEST

/* ---- close, join, terminate ---- */

START_TEST(test_submit_after_close)
{
	struct pool *p = pool_create(2);
	long xs[2] = { 1, 2 }, ys[2], y;

	ck_assert_pool(p);
	ck_assert_int_eq(pool_close(p), 0);
	/* Python: ValueError("Pool not running") */
	errno = 0;
	ck_assert_msg(pool_apply_async(p, square, 1, NULL, NULL) == NULL &&
		      errno == EINVAL, "pool_apply_async after close: want NULL "
		      "with EINVAL (errno %d)", errno);
	assert_fails_with(pool_apply(p, square, 1, &y), EINVAL);
	assert_fails_with(pool_map(p, square, xs, 2, 1, ys), EINVAL);
	ck_assert_int_eq(pool_join(p), 0);
	ck_assert_int_eq(pool_free(p), 0);
}
END_TEST

START_TEST(test_join_needs_close)
{
	struct pool *p = pool_create(2);

	ck_assert_pool(p);
	/* Python: ValueError("Pool is still running") */
	assert_fails_with(pool_join(p), EINVAL);
	ck_assert_int_eq(pool_close(p), 0);
	ck_assert_int_eq(pool_join(p), 0);
	ck_assert_int_eq(pool_join(p), 0);              /* again: nothing to do */
	assert_no_children();
	ck_assert_int_eq(pool_free(p), 0);
}
END_TEST

START_TEST(test_close_join_runs_all)
{
	struct pool_result *rs[30];
	struct pool *p;
	int n = 0;

	shared_new();
	ck_assert_pool(p = pool_create(3));
	for (int i = 0; i < 30; i++)
		ck_assert_async(rs[i] = pool_apply_async(p, counted, i, count_cb, &n));
	ck_assert_int_eq(pool_close(p), 0);
	ck_assert_int_eq(pool_join(p), 0);
	assert_no_children();
	ck_assert_msg(n == 30, "after join %d callbacks of 30 had run (each must "
		      "run once, before join returns)", n);
	for (int i = 0; i < 30; i++) {
		long y;

		ck_assert_msg(sh->runs[i] == 1, "task %d ran %d times", i, sh->runs[i]);
		ck_assert_int_eq(pool_get(rs[i], 0, &y), 0);
		ck_assert_int_eq(y, i);
		ck_assert_int_eq(pool_result_free(rs[i]), 0);
	}
	ck_assert_int_eq(pool_free(p), 0);
}
END_TEST

START_TEST(test_terminate_prompt)
{
	enum { N = 5000 };
	struct pool_result **rs = calloc(N, sizeof *rs);
	struct pool *p = pool_create(2);
	long y;
	double t0;

	ck_assert_pool(p);
	ck_assert(rs != NULL);
	t0 = now_units();
	for (int i = 0; i < N; i++)
		ck_assert_async(rs[i] = pool_apply_async(p, nap, 100, NULL, NULL));
	ck_assert_msg(now_units() - t0 < 10, "queueing %d tasks took %.2f units: "
		      "apply_async must not wait for tasks to run", N, now_units() - t0);
	sleep_units(0.2);
	t0 = now_units();
	ck_assert_int_eq(pool_terminate(p), 0);
	assert_within(t0, 2);           /* not 5000 / 2 units */
	assert_no_children();
	assert_fails_with(pool_get(rs[N - 1], NO_TIMEOUT, &y), ECANCELED);
	ck_assert_int_eq(pool_terminate(p), 0);         /* again: nothing */
	ck_assert_int_eq(pool_join(p), 0);              /* after terminate: fine */
	assert_fails_with(pool_apply(p, square, 1, &y), EINVAL);
	for (int i = 0; i < N; i++)
		ck_assert_int_eq(pool_result_free(rs[i]), 0);
	ck_assert_int_eq(pool_free(p), 0);
	free(rs);
}
END_TEST

START_TEST(test_free_running_terminates)
{
	struct pool *p = pool_create(2);
	double t0;

	ck_assert_pool(p);
	/* The results are never freed: the test process ends. */
	for (int i = 0; i < 100; i++)
		ck_assert_async(pool_apply_async(p, nap, 100, NULL, NULL));
	sleep_units(0.2);
	/* Leaving a with-block: terminate, not 50 units of waiting. */
	t0 = now_units();
	ck_assert_int_eq(pool_free(p), 0);
	assert_within(t0, 2);           /* not 50 */
	assert_no_children();
}
END_TEST

static Suite *make_pool_suite(void)
{
	Suite *s = suite_create("pool");
	TCase *create, *apply, *async, *wakeup, *map, *large, *many, *life;

	create = add_tcase(s, "create", 10);
	tcase_add_test(create, test_create_refuses_nonpositive);
	tcase_add_test(create, test_create_free);
	tcase_add_test(create, test_create_flushes);
	tcase_add_test(create, test_worker_output_flushed);
	tcase_add_test(create, test_no_fd_leak);
	tcase_add_test(create, test_create_fork_fails);

	apply = add_tcase(s, "apply", 10);
	tcase_add_test(apply, test_apply_result);
	tcase_add_test(apply, test_apply_runs_in_worker);
	tcase_add_test(apply, test_apply_error);
	tcase_add_test(apply, test_fixed_workers);

	async = add_tcase(s, "async", 20);
	tcase_add_test(async, test_callback_before_get_returns);
	tcase_add_test(async, test_callback_in_parent);
	tcase_add_test(async, test_callback_not_on_error);
	tcase_add_test(async, test_get_timeout);
	tcase_add_test(async, test_get_timeout_busy);
	tcase_add_test(async, test_result_free_pending);

	/* The budget, a get that waits its whole time, and slack. */
	wakeup = add_tcase(s, "wakeup", WAKE_BUDGET + 2 * WAKE_WAIT);
	tcase_add_test(wakeup, test_get_wakes_up);

	map = add_tcase(s, "map", 20);
	tcase_add_test(map, test_map_order);
	tcase_add_test(map, test_map_waits_for_all);
	tcase_add_test(map, test_map_chunk_one_worker);
	tcase_add_test(map, test_map_error);

	/* 40 000 items one at a time: a correct pool that hands each chunk
	   to a worker and waits for its answer (a round trip per item, no
	   shared queue) needs seconds on a loaded machine; the limit is for
	   a pool that never answers. */
	large = add_tcase(s, "large", 200);
	tcase_add_test(large, test_map_empty_and_large);

	many = add_tcase(s, "concurrency", 20);
	tcase_add_test(many, test_at_most_n_at_once);
	tcase_add_test(many, test_n_at_once_while_waiting);

	life = add_tcase(s, "lifecycle", 20);
	tcase_add_test(life, test_submit_after_close);
	tcase_add_test(life, test_join_needs_close);
	tcase_add_test(life, test_close_join_runs_all);
	tcase_add_test(life, test_terminate_prompt);
	tcase_add_test(life, test_free_running_terminates);
	return s;
}

int main(void)
{
	return run_suite(make_pool_suite());
}
