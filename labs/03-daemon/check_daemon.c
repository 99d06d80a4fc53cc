/*
 * check_daemon.c - unit tests for daemon.c (Check).
 *
 * PROVIDED: the grader runs its own copy.  Run: ./check_daemon
 * (CK_VERBOSITY=verbose lists every test; CK_FORK=no to debug in gdb).
 * Times are in units; unset PROCLAB_UNIT_MS means 50 ms here.  "Still
 * running" children are held on a pipe until the test lets them go, and
 * "has it ended" is asked of pipes too, so no test depends on speed.
 * Every test calls dprocess_shutdown() itself while its dprocess objects
 * (locals) still exist.
 */
#define _GNU_SOURCE
#include "daemon.h"
#include "labtest.h"
#include "proclab.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * A gate keeps a child blocked until the test closes the gate's writing
 * end (or dies).  The child closes its own copy of that end first.
 */
static int gate[2];

static int gated(void *arg)
{
	char c;

	(void)arg;
	close(gate[1]);
	while (read(gate[0], &c, 1) < 0 && errno == EINTR)
		;
	return 0;
}

static int return_arg(void *arg)
{
	return *(int *)arg;
}

static int nap(void *arg)
{
	sleep_units(*(double *)arg);
	return 3;
}

static void start(struct dprocess *d)
{
	ck_assert_int_eq(dprocess_start(d), 0);
	ck_assert_int_gt(d->proc.pid, 0);
}

/* d's exit code; it must have been reaped already. */
/* The exit code of d is want (-15: terminated by SIGTERM). */
#define ck_assert_code_of(d, want) do {						\
	int got_ = code_of(d);							\
	ck_assert_msg(got_ == (want), "the child's exit code is %d, want %d "	\
		      "(-15: terminated by SIGTERM, as a daemonic child at exit)", \
		      got_, (int)(want));					\
} while (0)

static int code_of(struct dprocess *d)
{
	int code = 12345;

	ck_assert_int_eq(process_exitcode(&d->proc, &code), 0);
	return code;
}

/* Did the other end of fd's pipe close (every writer gone)?  No wait. */
static int writers_gone(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };

	ck_assert_int_ge(poll(&p, 1, 0), 0);
	return (p.revents & POLLHUP) != 0;
}

/* ---- the flag ---- */

START_TEST(test_init_not_daemonic)
{
	struct dprocess d;

	dprocess_init(&d, "d", NULL, NULL);
	ck_assert_int_eq(d.daemon, 0);
	ck_assert_int_eq(d.proc.pid, 0);
	ck_assert_str_eq(d.proc.name, "d");
}
END_TEST

/* Exit 0 when a process object made here is daemonic exactly when this
   process is (*arg: 1 in the daemonic child), and the daemonic one
   cannot be started: EPERM. */
static int init_inherits(void *arg)
{
	static struct dprocess g;
	int want = *(int *)arg;

	dprocess_init(&g, "g", NULL, NULL);
	if (g.daemon != want)
		return 10 + g.daemon;
	if (want && (dprocess_start(&g) == 0 || errno != EPERM))
		return 20;
	return 0;
}

/* Python's Process() copies its creator's daemon flag. */
START_TEST(test_init_inherits_daemon_flag)
{
	struct dprocess d, n;
	int one = 1, zero = 0;

	dprocess_init(&d, "d", init_inherits, &one);
	ck_assert_int_eq(dprocess_set_daemon(&d, 1), 0);
	start(&d);
	dprocess_init(&n, "n", init_inherits, &zero);
	start(&n);
	/* Joined here: the shutdown would terminate the daemon. */
	ck_assert_int_eq(process_join(&d.proc, NO_TIMEOUT), 0);
	ck_assert_int_eq(dprocess_shutdown(), 0);
	ck_assert_msg(code_of(&d) == 0, "a process object made inside a daemonic child: %s",
		      code_of(&d) == 10 ? "daemon=0, want 1 (Python copies the creator's flag)" :
		      code_of(&d) == 20 ? "its start did not fail with EPERM" : "the child failed");
	ck_assert_msg(code_of(&n) == 0, "a process object made inside a non-daemonic child "
		      "has daemon=1, want 0");
}
END_TEST

START_TEST(test_set_daemon_before_start)
{
	struct dprocess d;

	dprocess_init(&d, "d", NULL, NULL);
	ck_assert_int_eq(dprocess_set_daemon(&d, 1), 0);
	ck_assert_int_eq(d.daemon, 1);
	ck_assert_int_eq(dprocess_set_daemon(&d, 0), 0);
	ck_assert_int_eq(d.daemon, 0);
	ck_assert_int_eq(dprocess_set_daemon(&d, 7), 0);   /* any true value */
	ck_assert_int_eq(d.daemon, 1);
}
END_TEST

START_TEST(test_set_daemon_after_start)
{
	struct dprocess d;

	ck_assert_int_eq(pipe(gate), 0);
	dprocess_init(&d, "d", gated, NULL);
	start(&d);
	assert_fails_with(dprocess_set_daemon(&d, 1), EINVAL);
	ck_assert_int_eq(d.daemon, 0);
	close(gate[1]);
	ck_assert_int_eq(process_join(&d.proc, NO_TIMEOUT), 0);
	/* Finished is "already started" too. */
	assert_fails_with(dprocess_set_daemon(&d, 1), EINVAL);
	ck_assert_int_eq(d.daemon, 0);
	ck_assert_int_eq(dprocess_shutdown(), 0);
}
END_TEST

/* ---- start ---- */

START_TEST(test_start_join_exitcode)
{
	struct dprocess d;
	int code = 9;

	dprocess_init(&d, "d", return_arg, &code);
	start(&d);
	ck_assert_int_eq(process_join(&d.proc, NO_TIMEOUT), 0);
	ck_assert_code_of(&d, 9);
	ck_assert_int_eq(dprocess_shutdown(), 0);
}
END_TEST

/* Output pending in the parent's stdio buffer at start appears once, not twice. */
START_TEST(test_start_flushes_stdio)
{
	int saved, rfd = capture_stdout(&saved);
	struct dprocess d;

	printf("pending-before-start");  /* no newline: stays in the buffer */
	dprocess_init(&d, "d", NULL, NULL);
	start(&d);
	ck_assert_int_eq(process_join(&d.proc, NO_TIMEOUT), 0);
	ck_assert_code_of(&d, 0);
	/* Unflushed, the child's bootstrap would write its copy before _exit. */
	ck_assert_int_eq(count_captured(rfd, saved, "pending-before-start"), 1);
	ck_assert_int_eq(dprocess_shutdown(), 0);
}
END_TEST

/* A target that prints without a newline and returns: the line sits in its buffer. */
static int says_tail(void *arg)
{
	(void)arg;
	printf("child-tail-unflushed");
	return 0;
}

/* The child ends with _exit, which does not flush: what it printed must not be lost. */
START_TEST(test_child_output_flushed)
{
	int saved, rfd = capture_stdout(&saved);
	struct dprocess d;

	dprocess_init(&d, "d", says_tail, NULL);
	start(&d);
	ck_assert_int_eq(process_join(&d.proc, NO_TIMEOUT), 0);
	ck_assert_msg(count_captured(rfd, saved, "child-tail-unflushed") == 1,
		      "what the child printed without a newline was lost: "
		      "flush stdio before the child's _exit");
	ck_assert_int_eq(dprocess_shutdown(), 0);
}
END_TEST

struct sub {
	struct dprocess d;      /* first */
	int value;
};

static int sub_run(struct process *p)
{
	return ((struct sub *)p)->value + 1;
}

START_TEST(test_run_override)
{
	struct sub s;
	int code = 99;

	dprocess_init(&s.d, "sub", return_arg, &code);
	s.d.proc.run = sub_run;
	s.value = 41;
	start(&s.d);
	ck_assert_ptr_eq(s.d.proc.run, sub_run);        /* as before start */
	ck_assert_int_eq(dprocess_shutdown(), 0);
	ck_assert_code_of(&s.d, 42);
}
END_TEST

START_TEST(test_start_twice)
{
	struct dprocess d;
	pid_t first;

	ck_assert_int_eq(pipe(gate), 0);
	dprocess_init(&d, "d", gated, NULL);
	start(&d);
	first = d.proc.pid;
	assert_fails_with(dprocess_start(&d), EINVAL);
	ck_assert_int_eq(d.proc.pid, first);
	close(gate[1]);
	/* Remembered once: the shutdown ends (a list that holds d twice
	   loops) and joins it. */
	ck_assert_int_eq(dprocess_shutdown(), 0);
	ck_assert_code_of(&d, 0);
}
END_TEST

/*
 * Nothing to run: EINVAL before any fork.  dprocess_start puts bootstrap
 * in proc.run, so lab 02's own check of run never sees the NULL: without
 * this one the child would call a NULL child_run and die of SIGSEGV.
 */
START_TEST(test_start_without_run)
{
	struct dprocess d;

	dprocess_init(&d, "d", NULL, NULL);
	d.proc.run = NULL;
	assert_fails_with(dprocess_start(&d), EINVAL);
	ck_assert_int_eq(d.proc.pid, 0);
	ck_assert_ptr_null(d.proc.run);                 /* as before */
	/* Not remembered: a listed d (never started) fails the join. */
	ck_assert_int_eq(dprocess_shutdown(), 0);
}
END_TEST

/* dprocess_start's result and errno, in the thread where fork fails. */
struct call { struct dprocess *d; int r, err; };

static void start_no_fork(void *arg)
{
	struct call *c = arg;

	errno = 0;
	c->r = dprocess_start(c->d);
	c->err = errno;
}

/*
 * When fork fails (EAGAIN: the process limit was reached), dprocess_start
 * returns -1 with that errno and the caller goes on; d is as before (pid
 * 0, its run) and not in the list, so the shutdown has nothing to join
 * and a later start runs d (Python's start() raises OSError; p is not in
 * _children and can be started again).
 */
START_TEST(test_start_fork_fails)
{
	struct dprocess d;
	struct call c = { &d, 0, 0 };
	int code = 6;
	int (*run)(struct process *);

	dprocess_init(&d, "d", return_arg, &code);
	run = d.proc.run;
	ck_assert_msg(run_forkless(start_no_fork, &c) == 0,
		      "labtest: cannot make fork fail here: %s", strerror(errno));
	ck_assert_msg(c.r == -1 && c.err == EAGAIN, "dprocess_start when fork "
		      "fails with EAGAIN: want -1 with errno EAGAIN, got %d with "
		      "errno %d (%s)", c.r, c.err, strerror(c.err));
	ck_assert_msg(d.proc.pid == 0, "after a dprocess_start whose fork failed, "
		      "d.proc.pid is %d: d was not started, its pid stays 0",
		      (int)d.proc.pid);
	ck_assert_msg(d.proc.run == run, "after a dprocess_start whose fork failed, "
		      "d.proc.run is not the run it had: put it back on failure too");
	/* Not remembered: a listed d (never started) fails the join. */
	ck_assert_msg(dprocess_shutdown() == 0, "dprocess_shutdown after a "
		      "dprocess_start whose fork failed: -1 (%s): a d that was not "
		      "started must not be in the list", strerror(errno));
	/* The test's own thread can fork: d starts now. */
	ck_assert_msg(dprocess_start(&d) == 0, "dprocess_start once fork works "
		      "again, after one whose fork failed: -1 (%s)", strerror(errno));
	ck_assert_int_eq(dprocess_shutdown(), 0);
	ck_assert_code_of(&d, 6);
}
END_TEST

/* Exit 0 when starting a child fails with EPERM, 1 on another error, 2
   when it worked (the grandchild is then joined by our shutdown). */
static int try_to_spawn(void *arg)
{
	static struct dprocess g;
	int code = 0;

	(void)arg;
	dprocess_init(&g, "g", return_arg, &code);
	if (dprocess_start(&g) == 0)
		return 2;
	return errno == EPERM ? 0 : 1;
}

START_TEST(test_daemon_may_not_have_children)
{
	struct dprocess d;

	dprocess_init(&d, "d", try_to_spawn, NULL);
	ck_assert_int_eq(dprocess_set_daemon(&d, 1), 0);
	start(&d);
	ck_assert_int_eq(process_join(&d.proc, NO_TIMEOUT), 0);
	ck_assert_msg(code_of(&d) == 0,
		      "a daemonic child's dprocess_start: want -1 EPERM, got %s",
		      code_of(&d) == 2 ? "0 (it started a child)" : "-1 with another errno");
	ck_assert_int_eq(dprocess_shutdown(), 0);
}
END_TEST

START_TEST(test_non_daemon_may_have_children)
{
	struct dprocess n;

	dprocess_init(&n, "n", try_to_spawn, NULL);
	start(&n);
	ck_assert_int_eq(dprocess_shutdown(), 0);
	ck_assert_code_of(&n, 2);
}
END_TEST

/* Starting a daemonic child does not make the parent daemonic. */
START_TEST(test_parent_starts_after_daemon)
{
	struct dprocess d, e;
	int code = 0;

	dprocess_init(&d, "d", return_arg, &code);
	ck_assert_int_eq(dprocess_set_daemon(&d, 1), 0);
	start(&d);
	dprocess_init(&e, "e", return_arg, &code);
	start(&e);
	ck_assert_int_eq(dprocess_shutdown(), 0);
}
END_TEST

/* ---- the shutdown (what runs at exit) ---- */

/*
 * A daemon that holds SIGTERM off for half a unit before it blocks on the
 * gate: the signal kills it only then.  A shutdown that signals and then
 * only looks (WNOHANG) instead of joining finds it alive on every run.
 */
static int term_blocked[2];

static int slow_to_die(void *arg)
{
	sigset_t term;

	(void)arg;
	close(gate[1]);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &term, NULL) < 0 || write(term_blocked[1], "b", 1) != 1)
		return 1;
	sleep_units(0.5);
	sigprocmask(SIG_UNBLOCK, &term, NULL);  /* a pending SIGTERM ends us here */
	return gated(NULL);
}

START_TEST(test_shutdown_terminates_daemon)
{
	struct dprocess d;
	char c;

	ck_assert_int_eq(pipe(gate), 0);
	ck_assert_int_eq(pipe(term_blocked), 0);
	dprocess_init(&d, "d", slow_to_die, NULL);
	ck_assert_int_eq(dprocess_set_daemon(&d, 1), 0);
	start(&d);
	ck_assert_int_eq(read(term_blocked[0], &c, 1), 1);
	/* The gate stays shut: only a signal ends d, half a unit late. */
	ck_assert_int_eq(dprocess_shutdown(), 0);
	ck_assert_int_eq(d.proc.finished, 1);          /* reaped */
	ck_assert_code_of(&d, -SIGTERM);
	close(gate[1]);
}
END_TEST

START_TEST(test_shutdown_joins_non_daemon)
{
	struct dprocess n;
	double units = 1, t0;

	dprocess_init(&n, "n", nap, &units);
	t0 = now_units();
	start(&n);
	ck_assert_int_eq(dprocess_shutdown(), 0);
	assert_waited(t0, 1);        /* waited */
	ck_assert_code_of(&n, 3);                      /* not -15 */
}
END_TEST

/* The daemon's end is seen as the end of the pipe it alone writes to. */
static int daemon_alive[2];

/* Exit 0 once every writer of daemon_alive is gone, 1 after 10 units. */
static int wait_for_daemon_end(void *arg)
{
	struct pollfd p;

	(void)arg;
	close(daemon_alive[1]);
	close(gate[1]);
	p.fd = daemon_alive[0];
	p.events = POLLIN;
	while (poll(&p, 1, (int)(10 * unit_ms())) < 0)
		if (errno != EINTR)
			return 3;
	return (p.revents & POLLHUP) ? 0 : 1;
}

START_TEST(test_shutdown_terminates_before_joining)
{
	struct dprocess d, n;

	ck_assert_int_eq(pipe(gate), 0);
	ck_assert_int_eq(pipe(daemon_alive), 0);
	dprocess_init(&d, "d", gated, NULL);
	ck_assert_int_eq(dprocess_set_daemon(&d, 1), 0);
	start(&d);              /* holds daemon_alive[1] until it dies */
	dprocess_init(&n, "n", wait_for_daemon_end, NULL);
	start(&n);
	close(daemon_alive[1]);
	/* n ends only once d has ended: a shutdown that joins n before it
	   terminates d makes n give up after 10 units, with exit code 1. */
	ck_assert_int_eq(dprocess_shutdown(), 0);
	ck_assert_msg(code_of(&n) == 0,
		      "the non-daemonic child was joined while the daemon still ran "
		      "(exit code %d): terminate every daemon first, then join", code_of(&n));
	ck_assert_code_of(&d, -SIGTERM);
	close(gate[1]);
}
END_TEST

START_TEST(test_shutdown_keeps_exitcodes)
{
	struct dprocess d, j;
	int seven = 7, four = 4;
	siginfo_t si;

	/* A daemon that ended by itself, not yet reaped: exit code 7. */
	dprocess_init(&d, "d", return_arg, &seven);
	ck_assert_int_eq(dprocess_set_daemon(&d, 1), 0);
	start(&d);
	/* Wait for its end without reaping it (WNOWAIT). */
	ck_assert_int_eq(waitid(P_PID, d.proc.pid, &si, WEXITED | WNOWAIT), 0);
	/* A child the caller joined already: exit code 4. */
	dprocess_init(&j, "j", return_arg, &four);
	start(&j);
	ck_assert_int_eq(process_join(&j.proc, NO_TIMEOUT), 0);
	ck_assert_int_eq(dprocess_shutdown(), 0);
	ck_assert_code_of(&d, 7);
	ck_assert_code_of(&j, 4);
}
END_TEST

START_TEST(test_shutdown_twice)
{
	struct dprocess d;
	int code = 0;

	ck_assert_int_eq(dprocess_shutdown(), 0);      /* nothing started */
	dprocess_init(&d, "d", return_arg, &code);
	start(&d);
	ck_assert_int_eq(dprocess_shutdown(), 0);
	ck_assert_int_eq(d.proc.finished, 1);
	ck_assert_int_eq(dprocess_shutdown(), 0);      /* forgotten */
}
END_TEST

/*
 * A child's list is its own: when a non-daemonic child ends, its shutdown
 * must not touch its siblings (the parent's daemon here).
 */
START_TEST(test_child_list_is_its_own)
{
	struct dprocess d, n;
	int code = 0;

	ck_assert_int_eq(pipe(gate), 0);
	dprocess_init(&d, "d", gated, NULL);
	ck_assert_int_eq(dprocess_set_daemon(&d, 1), 0);
	start(&d);
	dprocess_init(&n, "n", return_arg, &code);
	start(&n);
	ck_assert_int_eq(process_join(&n.proc, NO_TIMEOUT), 0);
	ck_assert_code_of(&n, 0);
	/* d is still held by the gate: 1 = timed out, still running. */
	ck_assert_msg(process_join(&d.proc, 1) == 1,
		      "the daemon died when its non-daemonic sibling exited: "
		      "the child must empty its copy of the list of children");
	ck_assert_int_eq(dprocess_shutdown(), 0);
	ck_assert_code_of(&d, -SIGTERM);
	close(gate[1]);
}
END_TEST

/* Start a grandchild that writes 'g' to the pipe after 1 unit; return
   without joining it. */
static int grandchild_done[2];

static int write_g(void *arg)
{
	(void)arg;
	close(grandchild_done[0]);
	sleep_units(1);
	return write(grandchild_done[1], "g", 1) == 1 ? 0 : 1;
}

static int spawn_and_return(void *arg)
{
	static struct dprocess g;

	(void)arg;
	dprocess_init(&g, "g", write_g, NULL);
	return dprocess_start(&g) == 0 ? 0 : 1;
}

START_TEST(test_child_joins_its_children)
{
	struct dprocess n;
	char c = 0;

	ck_assert_int_eq(pipe(grandchild_done), 0);
	ck_assert_int_eq(fcntl(grandchild_done[0], F_SETFL, O_NONBLOCK), 0);
	dprocess_init(&n, "n", spawn_and_return, NULL);
	start(&n);
	ck_assert_int_eq(process_join(&n.proc, NO_TIMEOUT), 0);
	ck_assert_code_of(&n, 0);
	/* n ended only after its own child had: the byte is there. */
	ck_assert_msg(read(grandchild_done[0], &c, 1) == 1 && c == 'g',
		      "the child ended before its own non-daemonic child: a child "
		      "must shut down its own children when its run returns");
	ck_assert_int_eq(dprocess_shutdown(), 0);
}
END_TEST

/*
 * The real thing: a process that starts a daemon and a non-daemon and
 * simply exits.  atexit must run the shutdown: once it has exited, the
 * non-daemon has finished and the daemon is gone.
 */
static int nondaemon_done[2];

static int write_n(void *arg)
{
	(void)arg;
	sleep_units(1);
	return write(nondaemon_done[1], "n", 1) == 1 ? 0 : 1;
}

START_TEST(test_at_exit)
{
	pid_t pid;
	int status;
	char c = 0;

	ck_assert_int_eq(pipe(gate), 0);
	ck_assert_int_eq(pipe(daemon_alive), 0);
	ck_assert_int_eq(pipe(nondaemon_done), 0);
	ck_assert_int_eq(fcntl(nondaemon_done[0], F_SETFL, O_NONBLOCK), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		static struct dprocess d, n;

		/* No ck_assert here: this is not the test's process. */
		dprocess_init(&d, "d", gated, NULL);
		dprocess_init(&n, "n", write_n, NULL);
		if (dprocess_set_daemon(&d, 1) < 0 || dprocess_start(&d) < 0)
			exit(2);
		close(daemon_alive[1]);         /* only d holds it now */
		if (dprocess_start(&n) < 0)
			exit(3);
		exit(0);                        /* atexit: the shutdown */
	}
	close(daemon_alive[1]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "the process that started them failed: status %#x", status);
	ck_assert_msg(read(nondaemon_done[0], &c, 1) == 1 && c == 'n',
		      "the program ended before its non-daemonic child: "
		      "at exit, dprocess_shutdown must join it");
	ck_assert_msg(writers_gone(daemon_alive[0]),
		      "the daemonic child still runs after the program ended: "
		      "at exit, dprocess_shutdown must terminate it");
	close(gate[1]);
}
END_TEST

static Suite *make_daemon_suite(void)
{
	Suite *s = suite_create("daemon");
	TCase *flag, *st, *down;

	flag = add_tcase(s, "flag", 10);
	tcase_add_test(flag, test_init_not_daemonic);
	tcase_add_test(flag, test_set_daemon_before_start);
	tcase_add_test(flag, test_set_daemon_after_start);
	tcase_add_test(flag, test_init_inherits_daemon_flag);

	st = add_tcase(s, "start", 10);
	tcase_add_test(st, test_start_join_exitcode);
	tcase_add_test(st, test_start_flushes_stdio);
	tcase_add_test(st, test_child_output_flushed);
	tcase_add_test(st, test_run_override);
	tcase_add_test(st, test_start_twice);
	tcase_add_test(st, test_start_without_run);
	tcase_add_test(st, test_start_fork_fails);
	tcase_add_test(st, test_daemon_may_not_have_children);
	tcase_add_test(st, test_non_daemon_may_have_children);
	tcase_add_test(st, test_parent_starts_after_daemon);

	down = add_tcase(s, "shutdown", 25);
	tcase_add_test(down, test_shutdown_terminates_daemon);
	tcase_add_test(down, test_shutdown_joins_non_daemon);
	tcase_add_test(down, test_shutdown_terminates_before_joining);
	tcase_add_test(down, test_shutdown_keeps_exitcodes);
	tcase_add_test(down, test_shutdown_twice);
	tcase_add_test(down, test_child_list_is_its_own);
	tcase_add_test(down, test_child_joins_its_children);
	tcase_add_test(down, test_at_exit);
	return s;
}

int main(void)
{
	return run_suite(make_daemon_suite());
}
