/*
 * check_process.c - unit tests for process.c (Check).
 *
 * PROVIDED: the grader runs its own copy.  Run: ./check_process
 * (CK_VERBOSITY=verbose lists every test; CK_FORK=no to debug in gdb).
 * Times are in units; unset PROCLAB_UNIT_MS means 50 ms here, so the
 * suite takes about a second.  Lower bounds on time are exact; upper
 * bounds are far away, so a loaded machine does not fail a right answer.
 */
#define _GNU_SOURCE
#include "process.h"
#include "labtest.h"
#include "proclab.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int return_arg(void *arg)
{
	return *(int *)arg;
}

static int nap(void *arg)
{
	sleep_units(*(double *)arg);
	return 0;
}

/*
 * A gate keeps a child running until the test releases it: the child
 * blocks reading a pipe until the test closes the writing end.  "Still
 * running" then never depends on how fast a loaded machine is.  If the
 * test dies half-way, the pipe closes with it and the child ends too.
 */
struct gate {
	int fd[2];
	double after;           /* units the child sleeps once released */
};

static void gate_init(struct gate *g, double after)
{
	ck_assert_int_eq(pipe(g->fd), 0);
	g->after = after;
}

static int gated(void *arg)
{
	struct gate *g = arg;
	char c;

	close(g->fd[1]);        /* else the child holds its own gate shut */
	while (read(g->fd[0], &c, 1) < 0 && errno == EINTR)
		;
	sleep_units(g->after);
	return 0;
}

static void gate_release(struct gate *g)
{
	close(g->fd[1]);
	close(g->fd[0]);
}

/* Exit 0 when the child sees its own pid and name in its copy of p. */
static int check_self(struct process *p)
{
	return p->pid == getpid() && strcmp(p->name, "worker-1") == 0 ? 0 : 1;
}

/* Start p and fail the test unless that worked. */
static void start(struct process *p)
{
	ck_assert_int_eq(process_start(p), 0);
	ck_assert_int_gt(p->pid, 0);
}

/* Join p without a timeout and return its exit code. */
/* The exit code a joined child reports is want (-N: killed by signal N). */
#define ck_assert_exitcode(p, want) do {					\
	int got_ = join_code(p);						\
	ck_assert_msg(got_ == (want), "after process_join, process_exitcode "	\
		      "gave %d, want %d", got_, (int)(want));			\
} while (0)

static int join_code(struct process *p)
{
	int code = 12345;

	ck_assert_int_eq(process_join(p, NO_TIMEOUT), 0);
	ck_assert_int_eq(process_exitcode(p, &code), 0);
	return code;
}

/* ---- core ---- */

START_TEST(test_start_join_exitcode)
{
	struct process p;
	int code = 7;

	process_init(&p, "p", return_arg, &code);
	start(&p);
	ck_assert_exitcode(&p, 7);
}
END_TEST

START_TEST(test_exitcode_255)
{
	struct process p;
	int code = 255;

	process_init(&p, "p", return_arg, &code);
	start(&p);
	ck_assert_exitcode(&p, 255);
}
END_TEST

START_TEST(test_pid_set)
{
	struct process p;
	int code = 0;

	process_init(&p, "p", return_arg, &code);
	ck_assert_int_eq(p.pid, 0);
	start(&p);
	ck_assert_int_ne(p.pid, getpid());
	ck_assert_int_eq(kill(p.pid, 0), 0);    /* a process that exists */
	ck_assert_exitcode(&p, 0);
	ck_assert_int_ne(p.pid, 0);             /* still known after join */
}
END_TEST

START_TEST(test_name_stored)
{
	struct process p;

	process_init(&p, "worker-1", NULL, NULL);
	ck_assert_str_eq(p.name, "worker-1");
	p.run = check_self;
	start(&p);
	/* 0: the child saw its own pid in p.pid and the name in p.name. */
	ck_assert_exitcode(&p, 0);
	ck_assert_str_eq(p.name, "worker-1");
}
END_TEST

struct subclass {
	struct process proc;    /* first */
	int value;
};

static int subclass_run(struct process *p)
{
	return ((struct subclass *)p)->value + 1;
}

static int must_not_run(void *arg)
{
	(void)arg;
	return 99;
}

START_TEST(test_run_override)
{
	struct subclass s;

	process_init(&s.proc, "sub", must_not_run, NULL);
	s.proc.run = subclass_run;
	s.value = 41;
	start(&s.proc);
	ck_assert_exitcode(&s.proc, 42);
}
END_TEST

START_TEST(test_start_twice)
{
	struct process p;
	struct gate g;
	pid_t first;

	gate_init(&g, 0);
	process_init(&p, "p", gated, &g);
	start(&p);
	first = p.pid;
	assert_fails_with(process_start(&p), EINVAL);
	ck_assert_int_eq(p.pid, first);
	gate_release(&g);
	ck_assert_exitcode(&p, 0);
	/* A finished process cannot be started again either. */
	assert_fails_with(process_start(&p), EINVAL);
}
END_TEST

/* No run to call: EINVAL, and no child is made (it would call NULL). */
START_TEST(test_start_no_run)
{
	struct process p;

	process_init(&p, "p", NULL, NULL);
	p.run = NULL;
	assert_fails_with(process_start(&p), EINVAL);
	ck_assert_msg(p.pid == 0, "process_start made a child (pid %d) with no run "
		      "to call: check p->run before fork", (int)p.pid);
}
END_TEST

/* process_start's result and errno, in the thread where fork fails. */
struct call { struct process *p; int r, err; };

static void start_no_fork(void *arg)
{
	struct call *c = arg;

	errno = 0;
	c->r = process_start(c->p);
	c->err = errno;
}

/*
 * When fork fails (EAGAIN: the process limit was reached), process_start
 * returns -1 with fork's errno and the caller goes on; p was not started
 * (pid 0), so a later start runs it.  Python's start() raises OSError and
 * leaves p as it was, and start() again works once fork does.  A wrapper
 * that prints and exits (CS:APP's Fork) ends the caller instead.
 */
START_TEST(test_start_fork_fails)
{
	struct process p;
	struct call c = { &p, 0, 0 };
	int code = 6;

	process_init(&p, "p", return_arg, &code);
	ck_assert_msg(run_forkless(start_no_fork, &c) == 0,
		      "labtest: cannot make fork fail here: %s", strerror(errno));
	ck_assert_msg(c.r == -1 && c.err == EAGAIN, "process_start when fork "
		      "fails with EAGAIN: want -1 with errno EAGAIN, got %d with "
		      "errno %d (%s)", c.r, c.err, strerror(c.err));
	ck_assert_msg(p.pid == 0, "after a process_start whose fork failed, p.pid "
		      "is %d: p was not started, its pid stays 0", (int)p.pid);
	/* The test's own thread can fork: p starts now. */
	ck_assert_msg(process_start(&p) == 0, "process_start once fork works "
		      "again, after one whose fork failed: -1 (%s); a failed start "
		      "leaves p not started", strerror(errno));
	ck_assert_exitcode(&p, 6);
}
END_TEST

START_TEST(test_not_started)
{
	struct process p;
	int code = 12345;

	process_init(&p, "p", NULL, NULL);
	assert_fails_with(process_join(&p, NO_TIMEOUT), EINVAL);
	assert_fails_with(process_exitcode(&p, &code), EAGAIN);
	ck_assert_int_eq(code, 12345);
	ck_assert_int_eq(process_is_alive(&p), 0);
	assert_fails_with(process_terminate(&p), EINVAL);
}
END_TEST

START_TEST(test_join_again)
{
	struct process p;
	int code = 5;
	double t0;

	process_init(&p, "p", return_arg, &code);
	start(&p);
	ck_assert_exitcode(&p, 5);
	t0 = now_units();
	ck_assert_int_eq(process_join(&p, NO_TIMEOUT), 0);
	ck_assert_int_eq(process_join(&p, 10), 0);
	assert_within(t0, 10);
	ck_assert_exitcode(&p, 5);
}
END_TEST

/*
 * A child ends as Python's does: flush, then _exit.  An atexit handler of
 * the parent's, which fork copied, must not run in it (exit() would run
 * it); what the child printed without a newline must still appear, once.
 */
static int atexit_fd = -1;

static void parent_at_exit(void)
{
	if (write(atexit_fd, "a", 1) < 0)
		return;         /* nothing to do about it at exit */
}

static int print_unfinished(void *arg)
{
	(void)arg;
	printf("child-unfinished-line");         /* no newline: buffered */
	return 0;
}

START_TEST(test_child_skips_parent_atexit)
{
	int fd[2], saved, rfd;
	struct process p;
	char c;

	ck_assert_int_eq(pipe(fd), 0);
	ck_assert_int_eq(fcntl(fd[0], F_SETFL, O_NONBLOCK), 0);
	atexit_fd = fd[1];
	ck_assert_int_eq(atexit(parent_at_exit), 0);
	rfd = capture_stdout(&saved);
	process_init(&p, "p", print_unfinished, NULL);
	start(&p);
	ck_assert_exitcode(&p, 0);
	ck_assert_int_eq(count_captured(rfd, saved, "child-unfinished-line"), 1);
	ck_assert_msg(read(fd[0], &c, 1) < 0 && errno == EAGAIN,
		      "the child ran its parent's atexit handler: end the child with "
		      "fflush(NULL) and _exit, as Python does, not exit()");
}
END_TEST

/* Exit 0 when stdin gives end-of-file at once, 1 when it gave data. */
static int read_stdin(void *arg)
{
	char c;
	ssize_t n;

	(void)arg;
	while ((n = read(0, &c, 1)) < 0 && errno == EINTR)
		;
	if (n != 0)
		return 1;
	return getchar() == EOF && !ferror(stdin) ? 0 : 2;
}

/* Python's child reads stdin from /dev/null, not from its parent's stdin. */
START_TEST(test_child_stdin_devnull)
{
	int fd[2], code, saved = dup(0);
	struct process p;

	ck_assert_int_ge(saved, 0);
	ck_assert_int_eq(pipe(fd), 0);
	ck_assert_int_eq(write(fd[1], "first\n", 6), 6);
	ck_assert_int_eq(dup2(fd[0], 0), 0);    /* the parent's stdin: a pipe */
	/* The parent reads one byte: stdio reads all 6 and keeps 5 in
	   stdin's buffer, which fork copies.  Python's child does not see
	   them: its sys.stdin is a new file on /dev/null. */
	ck_assert_int_eq(getchar(), 'f');
	ck_assert_int_eq(write(fd[1], "input for the parent\n", 21), 21);
	process_init(&p, "p", read_stdin, NULL);
	start(&p);
	code = join_code(&p);
	ck_assert_msg(code != 1, "the child read its parent's stdin: "
		      "Python's child reads /dev/null (in the child: close(0), then "
		      "open(\"/dev/null\", O_RDONLY) is fd 0)");
	ck_assert_msg(code == 0, "the child's stdin gave input the parent had "
		      "buffered before the start: Python's child gets a new stdin, "
		      "so drop it (__fpurge(stdin), <stdio_ext.h>)");
	ck_assert_int_eq(dup2(saved, 0), 0);
	close(saved);
	close(fd[0]);
	close(fd[1]);
}
END_TEST

/* Inside its own run, joining yourself is an error, at once: EDEADLK. */
static int join_self(struct process *p)
{
	double t0 = now_units();
	int r = process_join(p, 1), e = errno;

	if (r != -1)
		return 10 + r;          /* 11: a silent timeout */
	if (e != EDEADLK)
		return 20;
	errno = 0;
	if (process_join(p, NO_TIMEOUT) != -1 || errno != EDEADLK)
		return 30;
	return now_units() - t0 < 0.5 ? 0 : 40;
}

START_TEST(test_join_self)
{
	struct process p;
	int code;

	process_init(&p, "p", NULL, NULL);
	p.run = join_self;
	start(&p);
	code = join_code(&p);
	ck_assert_msg(code == 0, "process_join(p, ...) inside p's own run: want -1 with "
		      "errno EDEADLK at once, got %s", code == 11 ? "1 (timed out)" :
		      code == 10 ? "0" : code == 40 ? "EDEADLK, but only after waiting" :
		      "another error (or a second join waited)");
}
END_TEST

/* ---- timeout ---- */

START_TEST(test_exitcode_while_running)
{
	struct process p;
	struct gate g;
	int code = 12345;

	gate_init(&g, 0);
	process_init(&p, "p", gated, &g);
	start(&p);
	assert_fails_with(process_exitcode(&p, &code), EAGAIN);
	ck_assert_int_eq(code, 12345);
	gate_release(&g);
	ck_assert_exitcode(&p, 0);
}
END_TEST

/*
 * Python's exitcode looks (waitpid WNOHANG): it is known once the child
 * has ended, without join.  A loop "while exitcode is None" must end.
 * (If it never does, the tcase's time limit ends the test.)
 */
START_TEST(test_exitcode_reaps)
{
	struct process p;
	int code = 4;

	process_init(&p, "p", return_arg, &code);
	start(&p);
	code = 12345;
	while (process_exitcode(&p, &code) < 0) {
		ck_assert_int_eq(errno, EAGAIN);
		sleep_units(0.01);
	}
	ck_assert_int_eq(code, 4);
	ck_assert_msg(p.finished == 1, "a child that has ended must be reaped as soon "
		      "as its exitcode is asked for (p.finished is still 0)");
	ck_assert_int_eq(process_is_alive(&p), 0);
	ck_assert_int_eq(process_join(&p, 0), 0);
}
END_TEST

/* A negative timeout only looks, as in Python: join(-1) returns at once. */
START_TEST(test_join_negative_timeout)
{
	struct process p;
	struct gate g;
	double t0;

	gate_init(&g, 0);
	process_init(&p, "p", gated, &g);
	start(&p);
	t0 = now_units();
	ck_assert_int_eq(process_join(&p, -1), 1);     /* still running */
	ck_assert_int_eq(process_join(&p, -0.5), 1);
	ck_assert_msg(now_units() - t0 < 1, "join(-1) waited %.2f units: a negative "
		      "timeout only looks (Python's join(-1)); NO_TIMEOUT waits", now_units() - t0);
	gate_release(&g);
	ck_assert_exitcode(&p, 0);
}
END_TEST

START_TEST(test_join_timeout)
{
	struct process p;
	struct gate g;
	double t0, t1;

	gate_init(&g, 0);
	process_init(&p, "p", gated, &g);
	start(&p);
	t0 = now_units();
	ck_assert_int_eq(process_join(&p, 1), 1);      /* timed out */
	t1 = now_units();
	ck_assert_msg(t1 - t0 >= 1 - EPS, "the timed wait returned after %.3f units, "
		      "before its timeout of 1 unit", t1 - t0);
	ck_assert_int_eq(process_is_alive(&p), 1);
	ck_assert_int_eq(process_join(&p, 0.5), 1);
	assert_waited(t1, 0.5);
	gate_release(&g);
	ck_assert_exitcode(&p, 0);
	ck_assert_int_eq(process_is_alive(&p), 0);
}
END_TEST

START_TEST(test_join_zero_timeout)
{
	struct process p;
	struct gate g;
	double t0;

	gate_init(&g, 0);
	process_init(&p, "p", gated, &g);
	start(&p);
	t0 = now_units();
	ck_assert_int_eq(process_join(&p, 0), 1);      /* only looks */
	assert_within(t0, 10);
	gate_release(&g);
	ck_assert_exitcode(&p, 0);
}
END_TEST

START_TEST(test_join_returns_early)
{
	struct process p;
	double units = 1, t0;
	int code = 12345;

	process_init(&p, "p", nap, &units);
	t0 = now_units();
	start(&p);
	/* The child ends after 1 unit: join must not sit out all 30. */
	ck_assert_int_eq(process_join(&p, 30), 0);
	assert_within(t0, 20);
	ck_assert_int_eq(process_exitcode(&p, &code), 0);
	ck_assert_int_eq(code, 0);
}
END_TEST

START_TEST(test_is_alive_until_joined)
{
	struct process p;
	struct gate g;

	gate_init(&g, 0);
	process_init(&p, "p", gated, &g);
	ck_assert_int_eq(process_is_alive(&p), 0);      /* not started */
	start(&p);
	ck_assert_int_eq(process_is_alive(&p), 1);
	ck_assert_int_eq(process_is_alive(&p), 1);
	gate_release(&g);
	ck_assert_exitcode(&p, 0);
	ck_assert_int_eq(process_is_alive(&p), 0);
}
END_TEST

/*
 * A stopped child (SIGSTOP) has not ended: Python's is_alive() says True,
 * join(0.5) times out, exitcode is None.  waitpid with WUNTRACED reports
 * the stop, and taking that for the end is wrong.
 */
START_TEST(test_stopped_is_alive)
{
	struct process p;
	struct gate g;
	siginfo_t info;
	int alive, joined, got, code = 12345;

	gate_init(&g, 0);
	process_init(&p, "p", gated, &g);
	start(&p);
	ck_assert_int_eq(kill(p.pid, SIGSTOP), 0);
	/* Stopped now; WNOWAIT leaves the stop for process.c to see. */
	ck_assert_int_eq(waitid(P_PID, p.pid, &info, WSTOPPED | WNOWAIT), 0);
	alive = process_is_alive(&p);
	joined = process_join(&p, 0.5);
	got = process_exitcode(&p, &code);
	kill(p.pid, SIGCONT);           /* before any assert: let it end */
	gate_release(&g);
	ck_assert_msg(alive == 1 && joined == 1 && got == -1, "a stopped child is "
		      "still alive (Python: is_alive() True, join(0.5) times out, exitcode "
		      "None), but is_alive gave %d, join(p, 0.5) %d, exitcode %d (code %d): "
		      "a stop is not an end (no WUNTRACED)", alive, joined, got, code);
	ck_assert_exitcode(&p, 0);
}
END_TEST

START_TEST(test_is_alive_reaps)
{
	struct process p;
	int code = 4, alive;

	process_init(&p, "p", return_arg, &code);
	start(&p);
	/* Without join: is_alive notices the end and stores the exit code.
	   (If it never does, the tcase's time limit ends the test.) */
	while ((alive = process_is_alive(&p)) == 1)
		sleep_units(0.01);
	ck_assert_int_eq(alive, 0);
	code = 12345;
	ck_assert_int_eq(process_exitcode(&p, &code), 0);
	ck_assert_int_eq(code, 4);
}
END_TEST

/*
 * Child of the promptness test: sleep *arg units, then tell the test on
 * a pipe when it ended (now_units is CLOCK_MONOTONIC, the same clock in
 * every process) and exit at once.
 */
struct ending {
	double after;
	int fd[2];
};

static int end_and_tell(void *arg)
{
	struct ending *e = arg;
	double t;

	close(e->fd[0]);
	sleep_units(e->after);
	t = now_units();
	return write(e->fd[1], &t, sizeof t) == sizeof t ? 0 : 1;
}

/*
 * A timed join returns as soon as its child has ended, not at the next
 * tick of a polling loop: PROMPT_TRIALS children end at phases spread
 * over a unit, and the median lateness must stay under PROMPT_UNITS.
 */
START_TEST(test_timed_join_prompt)
{
	double late[PROMPT_TRIALS], ended;

	for (int i = 0; i < PROMPT_TRIALS; i++) {
		struct process p;
		struct ending e = { 1 + (double)i / PROMPT_TRIALS, { -1, -1 } };

		ck_assert_int_eq(pipe(e.fd), 0);
		process_init(&p, "p", end_and_tell, &e);
		start(&p);
		close(e.fd[1]);
		ck_assert_int_eq(process_join(&p, 30), 0);
		late[i] = now_units();
		ck_assert_int_eq(read(e.fd[0], &ended, sizeof ended), sizeof ended);
		close(e.fd[0]);
		late[i] -= ended;
	}
	ck_assert_msg(median(late, PROMPT_TRIALS) < PROMPT_UNITS,
		      "join(30) returned a median %.2f units after its child ended (at most "
		      "%.2f): does it poll, sleeping between looks?", median(late, PROMPT_TRIALS),
		      PROMPT_UNITS);
}
END_TEST

static int burn(void *arg)
{
	burn_cpu(*(double *)arg);
	return 0;
}

/*
 * A timed join sleeps until its child ends: the child burns 2 units of
 * CPU time on the same CPU as the test, and the join may take less than
 * 1 of it.  A loop that calls waitpid(WNOHANG) again and again, sleeping
 * not at all, takes its share of that CPU: as much as the child.
 */
START_TEST(test_join_sleeps)
{
	struct process p;
	double units = 2, c0;

	ck_assert_int_eq(share_one_cpu(), 0);
	process_init(&p, "p", burn, &units);
	start(&p);
	c0 = cpu_units();
	ck_assert_int_eq(process_join(&p, 30), 0);
	/* poll a pidfd, or sleep between looks: not waitpid(WNOHANG) nonstop */
	assert_slept(c0, 1, "join(p, 30)");
}
END_TEST

/* join with a timeout, timing out or not, and is_alive leave no descriptor open. */
START_TEST(test_timed_join_no_fd_leak)
{
	struct process p;
	struct gate g;
	int before;

	gate_init(&g, 0);
	process_init(&p, "p", gated, &g);
	start(&p);
	before = open_fds();
	ck_assert_int_ge(before, 0);
	ck_assert_int_eq(process_join(&p, 0.2), 1);     /* timed out */
	ck_assert_int_eq(process_join(&p, 0), 1);
	ck_assert_int_eq(process_is_alive(&p), 1);
	ck_assert_msg(open_fds() == before, "%d descriptors open before process_join(p, 0.2), "
		      "%d after: close what join opens (a pidfd?)", before, open_fds());
	gate_release(&g);
	before -= 2;                                    /* the gate's two ends */
	ck_assert_int_eq(process_join(&p, 30), 0);      /* ended in time */
	ck_assert_msg(open_fds() == before, "%d descriptors open before process_join(p, 30), "
		      "%d after: close what join opens (a pidfd?)", before, open_fds());
}
END_TEST

/* Output pending in the parent's stdio buffer at start appears once, not twice. */
START_TEST(test_start_flushes_stdio)
{
	int saved, rfd = capture_stdout(&saved);
	struct process p;

	printf("pending-before-start");  /* no newline: stays in the buffer */
	process_init(&p, "p", NULL, NULL);
	start(&p);
	ck_assert_exitcode(&p, 0);
	/* Unflushed, the child would write its copy when it exits. */
	ck_assert_int_eq(count_captured(rfd, saved, "pending-before-start"), 1);
}
END_TEST

/* ---- signals ---- */

START_TEST(test_terminate_sigterm)
{
	struct process p;
	struct gate g;

	gate_init(&g, 0);
	process_init(&p, "p", gated, &g);
	start(&p);
	ck_assert_int_eq(process_terminate(&p), 0);
	ck_assert_exitcode(&p, -SIGTERM);
	gate_release(&g);
}
END_TEST

START_TEST(test_killed_by_sigkill)
{
	struct process p;
	struct gate g;

	gate_init(&g, 0);
	process_init(&p, "p", gated, &g);
	start(&p);
	ck_assert_int_eq(kill(p.pid, SIGKILL), 0);
	ck_assert_exitcode(&p, -SIGKILL);
	gate_release(&g);
}
END_TEST

START_TEST(test_terminate_after_join)
{
	struct process p;
	int code = 6;

	process_init(&p, "p", return_arg, &code);
	start(&p);
	ck_assert_exitcode(&p, 6);
	/* Nothing to stop any more; the exit code stays. */
	ck_assert_int_eq(process_terminate(&p), 0);
	ck_assert_exitcode(&p, 6);
}
END_TEST

/*
 * A timed join keeps its deadline through signals: SIGALRM every 0.2
 * units during join(1.5) (each one EINTR for poll, waitpid or a sleep)
 * neither cuts it short nor starts the 1.5 units again.  A join that
 * waits its full timeout again after each EINTR returns only once the
 * 50 alarms have stopped, after 10 units.
 */
START_TEST(test_join_survives_signal)
{
	struct process p;
	struct gate g;
	double t0;

	gate_init(&g, 1);
	process_init(&p, "p", gated, &g);
	start(&p);
	t0 = now_units();
	ck_assert_int_eq(alarm_every(0.2, 50), 0);
	ck_assert_int_eq(process_join(&p, 1.5), 1);    /* the full 1.5 */
	assert_waited(t0, 1.5);
	ck_assert_msg(now_units() - t0 < 8, "join(p, 1.5) took %.2f units with a "
		      "SIGALRM every 0.2: after EINTR, wait until the same deadline, "
		      "not a full timeout again", now_units() - t0);
	alarm(0);
	ck_assert_int_eq(catch_alarm(), 0);     /* blocking calls get EINTR */
	gate_release(&g);                       /* the child ends 1 unit later */
	ck_assert_int_eq(alarm_in(0.5), 0);
	ck_assert_exitcode(&p, 0);
}
END_TEST

static Suite *make_process_suite(void)
{
	Suite *s = suite_create("process");
	TCase *core, *timeout, *cpu, *signals;

	core = add_tcase(s, "core", 10);
	tcase_add_test(core, test_start_join_exitcode);
	tcase_add_test(core, test_exitcode_255);
	tcase_add_test(core, test_pid_set);
	tcase_add_test(core, test_name_stored);
	tcase_add_test(core, test_run_override);
	tcase_add_test(core, test_start_twice);
	tcase_add_test(core, test_start_no_run);
	tcase_add_test(core, test_start_fork_fails);
	tcase_add_test(core, test_not_started);
	tcase_add_test(core, test_join_again);
	tcase_add_test(core, test_start_flushes_stdio);
	tcase_add_test(core, test_child_skips_parent_atexit);
	tcase_add_test(core, test_child_stdin_devnull);
	tcase_add_test(core, test_join_self);

	timeout = add_tcase(s, "timeout", 10);
	tcase_add_test(timeout, test_exitcode_while_running);
	tcase_add_test(timeout, test_exitcode_reaps);
	tcase_add_test(timeout, test_join_negative_timeout);
	tcase_add_test(timeout, test_join_timeout);
	tcase_add_test(timeout, test_join_zero_timeout);
	tcase_add_test(timeout, test_join_returns_early);
	tcase_add_test(timeout, test_is_alive_until_joined);
	tcase_add_test(timeout, test_is_alive_reaps);
	tcase_add_test(timeout, test_stopped_is_alive);
	tcase_add_test(timeout, test_timed_join_no_fd_leak);
	tcase_add_test(timeout, test_timed_join_prompt);

	/* 2 units of CPU time: far longer on a busy CPU. */
	cpu = add_tcase(s, "cpu", 40);
	tcase_add_test(cpu, test_join_sleeps);

	signals = add_tcase(s, "signals", 10);
	tcase_add_test(signals, test_terminate_sigterm);
	tcase_add_test(signals, test_killed_by_sigkill);
	tcase_add_test(signals, test_terminate_after_join);
	tcase_add_test(signals, test_join_survives_signal);
	return s;
}

int main(void)
{
	return run_suite(make_process_suite());
}
