/*
 * labtest.h - what every lab's Check unit tests (check_*.c) share.
 *
 * Linked into check_* programs only.  The tests follow Check's own
 * layout: one suite a file, fork mode (each test in its own process),
 * a timeout per test case.  Times are in units (see proclab.h); a test
 * program run by hand without PROCLAB_UNIT_MS uses 50 ms units.
 */
#ifndef LABTEST_H
#define LABTEST_H

#include <check.h>
#include <errno.h>
#include <string.h>
#include <sys/types.h>

/* Lower bounds on time are exact: they allow only rounding. */
#define EPS 1e-6

/* A timed call, from t0 (units) to now: it waited at least min units
   (minus EPS), or it returned within max.  Said in units, not C. */
#define assert_waited(t0, min) do {						\
	double took_ = now_units() - (t0);					\
	ck_assert_msg(took_ >= (min) - EPS, "the call returned after %.3f "	\
		      "units, before the %g unit(s) it must wait", took_, (double)(min)); \
} while (0)
#define assert_within(t0, max) do {						\
	double took_ = now_units() - (t0);					\
	ck_assert_msg(took_ < (max), "the call took %.3f units; it should have "	\
		      "returned well within %g (did it wait when it must not?)",	\
		      took_, (double)(max));					\
} while (0)

/* call must return -1 and set errno to err. */
#define assert_fails_with(call, err) do {				\
	int r_, e_;							\
	errno = 0;							\
	r_ = (call);							\
	e_ = errno;							\
	ck_assert_msg(r_ == -1 && e_ == (err),				\
		      "%s: want -1 with errno %s, got %d with errno %d (%s)", \
		      #call, #err, r_, e_, strerror(e_));		\
} while (0)

/*
 * A new test case of suite s whose tests may take units each (plus 1 s of
 * slack), with default SIGTERM and SIGINT in every test, and the fixture
 * that marks each test's end for run_suite (see labtest.c).
 */
TCase *add_tcase(Suite *s, const char *name, double units);

/*
 * Run every test of s and print the verdicts (CK_VERBOSITY: one line a
 * test when "verbose"), then a "labtest: ..." summary: a test passes when
 * Check passed it and it ran to its end.  The exit status for main: 0
 * when all passed.
 */
int run_suite(Suite *s);

/*
 * For tests of what a signal does to a blocked call.  Both return the
 * system call's result (0, or -1 with errno), not assert: a test's child
 * process calls them too, and only the test itself may ck_assert.
 */
int catch_alarm(void);          /* SIGALRM handled, without SA_RESTART */
int alarm_in(double u);         /* one SIGALRM, u units from now */
/*
 * SIGALRM every u units, n times, each making a blocked call fail with
 * EINTR (its own handler, without SA_RESTART); then the timer stops
 * itself.  A timed wait that starts its whole timeout again after EINTR
 * returns only after the n-th.  alarm(0) stops it earlier.
 */
int alarm_every(double u, int n);

/*
 * For race tests: widen a race's window on purpose.  After nudge_start,
 * SIGALRM comes NUDGE_US after the last one was handled, and so lands
 * between two of the process's instructions at random (SA_RESTART: no
 * call sees EINTR).  The handler waits, yielding the CPU, until
 * *progress -- a counter in shared memory that the OTHER processes of
 * the race raise at each step -- has gone up by 2, or NUDGE_UNITS have
 * passed.  Code that reads shared state in two steps without its lock
 * then sees the others act between them, now and then, even on one CPU;
 * code that holds the lock keeps them out, and the wait just ends.
 * nudge_stop disarms.
 */
#define NUDGE_US 200
#define NUDGE_UNITS 0.02
int nudge_start(long *progress);
void nudge_stop(void);

/*
 * For tests of what reaches stdout, stdio buffers included: capture_stdout
 * points stdout at a pipe (what was pending goes to the old stdout first)
 * and returns the pipe's reading end, *saved keeping the old stdout;
 * count_captured flushes, puts the old stdout back, reads the pipe to its
 * end and returns how many times needle was written.  Both ck_assert.
 */
int capture_stdout(int *saved);
int count_captured(int rfd, int saved, const char *needle);

/*
 * Descriptors this process has open now (the entries of /proc/self/fd,
 * less the one reading them), or -1 with errno.  A leak test counts them
 * around the calls under test: the same number before and after.
 * dir_entries counts any folder's entries but "." and ".." (threads:
 * /proc/self/task; files left in /tmp), or -1 with errno.
 */
int open_fds(void);
int dir_entries(const char *path);

/*
 * For tests with child processes.  A child never calls ck_assert: it
 * _exits with a code that names what went wrong, 0 when nothing did, and
 * the test asserts that code.
 *
 * spawn_child forks a child that _exits with fn(arg) and returns its pid
 * (it ck_asserts the fork).  The child is killed (SIGKILL) when the test's
 * process ends, so a child stuck in the code under test never outlives a
 * failed test; one forked when the test was already gone exits 99 at once.
 * join_child waits for pid (ck_asserting waitpid, which it retries when a
 * signal interrupts it): its exit status, or -signal when a signal
 * killed it.  Only the test calls them.
 */
pid_t spawn_child(int (*fn)(void *), void *arg);
int join_child(pid_t pid);

/*
 * A child's end, code as join_child returns it, must be 0; else say how
 * it ended in the lab's terms: codes says what its exit codes mean.
 * ck_assert_child joins the child pid first.  Each evaluates its
 * arguments once.
 */
#define ck_assert_exit(code, codes) do {						int code_ = (code);								ck_assert_msg(code_ == 0, "a child process of the test %s %d (%s%s)",			      code_ < 0 ? "was killed by signal" : "exited with code",			      code_ < 0 ? -code_ : code_,						      code_ < 0 ? strsignal(-code_) : (codes),					      code_ < 0 ? ": a crash, or it was killed while still "			      "blocked in the code under test" : "");			} while (0)
#define ck_assert_child(pid, codes) ck_assert_exit(join_child(pid), codes)

/*
 * For tests that a wait sleeps rather than spins.  share_one_cpu pins
 * the calling process, and the children it forks afterwards, to the CPU
 * it is on.  burn_cpu uses u units of CPU time (on a busy CPU it takes
 * longer).  cpu_units is the CPU time this process has used, in units
 * (-1 on error).
 * A child burning on the same CPU as its waiting parent: a wait that
 * sleeps uses next to none of it, one that looks again and again takes
 * its fair share, about as much as the child, however busy the machine.
 */
int share_one_cpu(void);
void burn_cpu(double u);
double cpu_units(void);

/* The call under test, since c0 = cpu_units(), used under max units of
   CPU time while a process on its CPU burned some: it slept. */
#define assert_slept(c0, max, call) do {					\
	double used_ = cpu_units() - (c0);					\
	ck_assert_msg((c0) >= 0 && used_ >= 0, "cpu_units: %s", strerror(errno)); \
	ck_assert_msg(used_ < (max), "%s used %.2f units of CPU time (at most %g) "	\
		      "while a process on the same CPU burned %g: it must sleep "	\
		      "until it can return, not look again and again",		\
		      (call), used_, (double)(max), 2.0 * (max));		\
} while (0)

/*
 * For tests of what the code under test does when fork fails, as it does
 * when the process limit is reached (RLIMIT_NPROC does not stop root).
 * fail_forks makes every fork, vfork, posix_spawn and clone of a new
 * process fail with EAGAIN from now on, in the calling thread and in the
 * threads it starts afterwards; new threads still start.  It cannot
 * be undone (a seccomp filter): only a test's own process, or a thread
 * of it, may call it.  run_forkless calls fn(arg) in a new thread of the
 * test's process that called fail_forks first, and waits for it to
 * return: the test's own thread can still fork before and after.  fn
 * does not ck_assert (the test asserts what it left).  Both return 0, or
 * -1 with errno when the thread or the filter could not be set up.
 */
int fail_forks(void);
int run_forkless(void (*fn)(void *), void *arg);

/*
 * Mappings this process has now (the lines of /proc/self/maps), or -1
 * with errno.  A test of what is given back counts them around create
 * and destroy: the same number before and after.
 */
int count_mappings(void);

/*
 * How late a blocking call may notice that it can return (a child ended,
 * the lock was released), in units, as the median of PROMPT_TRIALS
 * trials: a call woken by the kernel the moment its condition holds
 * (waitpid, poll on a pidfd, a semaphore, a futex) is a few milliseconds
 * late at most even on a loaded machine, one that polls every unit or
 * every second is half a period late on average.  The trials end at
 * phases spread over a unit, so a polling loop cannot be lucky in all.
 */
#define PROMPT_UNITS 0.25
#define PROMPT_TRIALS 5

/* The median of v[0..n), which it sorts; the middle one of an odd n. */
double median(double *v, int n);

#endif
