/*
 * check_forkrun.c - unit tests for fork_run and wait_exit (Check).
 *
 * Provided: the grader runs its own copy.  Run by hand:
 *	$ ./check_forkrun			summary
 *	$ CK_VERBOSITY=verbose ./check_forkrun	one line per test
 *
 * fork_run's tests reap with waitpid and wait_exit's tests fork with
 * fork, so a bug in one function fails only that function's tests.
 */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "forkrun.h"
#include "labtest.h"

static int global = 100;

/* fork_run returned a child's pid; say why not, with errno. */
#define ck_assert_fork_run(pid) \
	ck_assert_msg((pid) > 0, "fork_run returned %d: %s", (int)(pid), strerror(errno))

/* errno is want; print both names. */
#define ck_assert_errno(want) \
	ck_assert_msg(errno == (want), "errno is %d (%s), want %d (%s)", \
		      errno, strerror(errno), (want), strerror(want))

/* Reap pid with waitpid; return fn's exit status, or -1 if none. */
static int reap(pid_t pid)
{
	int status;

	ck_assert_msg(waitpid(pid, &status, 0) == pid, "the child fork_run started "
		      "could not be waited for (%s)", strerror(errno));
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A plain fork()ed child that exits with code after ms milliseconds. */
static pid_t spawn(int code, int ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		nanosleep(&t, NULL);
		_exit(code);	/* _exit: leave Check's stdio alone */
	}
	return pid;
}

static int write_pid(void *arg)
{
	pid_t me = getpid();

	return write(*(int *)arg, &me, sizeof me) == sizeof me ? 0 : 1;
}

START_TEST(test_fork_run_runs_in_child)
{
	int p[2];
	pid_t pid, seen = 0;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork_run(write_pid, &p[1]);
	ck_assert_fork_run(pid);
	close(p[1]);
	ck_assert_int_eq(read(p[0], &seen, sizeof seen), sizeof seen);
	ck_assert_msg(seen != getpid(), "fn ran in the calling process, not in a child");
	ck_assert_msg(seen == pid, "fn ran in process %d, but fork_run returned %d: "
		      "it must return the child's pid", (int)seen, (int)pid);
	ck_assert_int_eq(reap(pid), 0);
}
END_TEST

static int quiet(void *arg)
{
	(void)arg;
	return 0;
}

START_TEST(test_fork_run_flushes_stdio)
{
	int saved, rfd = capture_stdout(&saved);
	pid_t pid;

	printf("pending-before-fork");	/* no newline: stays in the buffer */
	pid = fork_run(quiet, NULL);
	ck_assert_fork_run(pid);
	ck_assert_int_eq(reap(pid), 0);
	/* Unflushed, the child would have written its copy at exit. */
	ck_assert_msg(count_captured(rfd, saved, "pending-before-fork") == 1,
		      "text printed before fork_run (still in the stdio buffer) "
		      "came out more than once, or never: flush before fork");
}
END_TEST

static int print_no_newline(void *arg)
{
	(void)arg;
	printf("child-wrote-this");
	return 0;
}

/*
 * fflush(NULL), not fflush(stdout): a stream the caller opened itself is
 * copied into the child with its buffer too, and the child's exit
 * writes that copy.
 */
START_TEST(test_fork_run_flushes_all_streams)
{
	char buf[256];
	int p[2], n, total = 0;
	FILE *f;
	pid_t pid;

	ck_assert_int_eq(pipe(p), 0);
	f = fdopen(p[1], "w");	/* a pipe: fully buffered */
	ck_assert_ptr_nonnull(f);
	ck_assert_int_gt(fprintf(f, "in-my-stream"), 0);	/* stays in f's buffer */
	pid = fork_run(quiet, NULL);
	ck_assert_fork_run(pid);
	ck_assert_int_eq(reap(pid), 0);
	ck_assert_int_eq(fclose(f), 0);		/* the parent's copy, if any left */
	while ((n = read(p[0], buf + total, sizeof buf - 1 - total)) > 0)
		total += n;
	buf[total] = '\0';
	close(p[0]);
	ck_assert_msg(strcmp(buf, "in-my-stream") == 0, "a stream of the caller's "
		      "(not stdout) wrote \"%s\": text in its buffer at fork_run must "
		      "come out once; fflush(NULL) flushes every stream, fflush(stdout) "
		      "only one", buf);
}
END_TEST

START_TEST(test_fork_run_child_output_flushed)
{
	int saved, rfd = capture_stdout(&saved);
	pid_t pid;

	pid = fork_run(print_no_newline, NULL);
	ck_assert_fork_run(pid);
	ck_assert_int_eq(reap(pid), 0);
	/* exit flushes the child's buffer; _exit would throw it away. */
	ck_assert_msg(count_captured(rfd, saved, "child-wrote-this") == 1,
		      "what the child printed (without a newline) was lost: the "
		      "child must end with exit, which flushes stdio, not _exit");
}
END_TEST

static int change_global(void *arg)
{
	(void)arg;
	global = 200;
	return global == 200 ? 0 : 1;
}

START_TEST(test_fork_run_globals_not_shared)
{
	pid_t pid;

	global = 100;
	pid = fork_run(change_global, NULL);
	ck_assert_fork_run(pid);
	ck_assert_int_ne(pid, getpid());
	ck_assert_msg(reap(pid) == 0, "the child did not see its own change of a global");
	ck_assert_msg(global == 100, "the parent's global is %d, not 100: the child's "
		      "change reached the parent, so fn did not run in a child", global);
}
END_TEST

/* fork_run's result and errno, in the thread where fork fails. */
struct call { pid_t pid; int err; };

static void fork_run_no_fork(void *arg)
{
	struct call *c = arg;

	errno = 0;
	c->pid = fork_run(quiet, NULL);
	c->err = errno;
}

/*
 * When fork fails (EAGAIN: the process limit was reached), fork_run
 * returns -1 with fork's errno and the caller goes on, as Python's
 * os.fork() raises OSError to its caller.  A wrapper that prints and
 * exits (CS:APP's Fork) ends the caller's whole program instead.
 */
START_TEST(test_fork_run_fork_fails)
{
	struct call c = { 0, 0 };

	ck_assert_msg(run_forkless(fork_run_no_fork, &c) == 0,
		      "labtest: cannot make fork fail here: %s", strerror(errno));
	ck_assert_msg(c.pid == -1 && c.err == EAGAIN, "fork_run when fork fails "
		      "with EAGAIN: want -1 with errno EAGAIN, got %d with errno "
		      "%d (%s)", (int)c.pid, c.err, strerror(c.err));
}
END_TEST

START_TEST(test_wait_exit_returns_status)
{
	static const int codes[] = { 3, 0, 255 };
	size_t i;
	pid_t pid;

	for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		pid = spawn(codes[i], 20);
		ck_assert_int_eq(wait_exit(pid), codes[i]);
		/* It waited and reaped: the child is gone, not a zombie. */
		ck_assert_int_eq(waitpid(pid, NULL, WNOHANG), -1);
		ck_assert_errno(ECHILD);
	}
}
END_TEST

START_TEST(test_wait_exit_killed_by_signal)
{
	static const int sigs[] = { SIGKILL, SIGTERM };
	size_t i;
	pid_t pid;

	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			signal(sigs[i], SIG_DFL);	/* Check's runner handles SIGTERM */
			kill(getpid(), sigs[i]);
			_exit(0);	/* not reached */
		}
		ck_assert_int_eq(wait_exit(pid), -sigs[i]);
	}
}
END_TEST

static volatile pid_t to_continue;

static void continue_child(int sig)
{
	(void)sig;
	kill(to_continue, SIGCONT);
}

/*
 * A stopped child has not ended: wait_exit waits on until it exits, as
 * Python's os.waitpid(pid, 0) does.  waitpid with WUNTRACED (the shell's
 * option, for job control) would return the stop as if it were the end.
 */
START_TEST(test_wait_exit_ignores_stop)
{
	struct sigaction sa;
	siginfo_t info;
	pid_t pid = fork();
	int code;

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		raise(SIGSTOP);
		_exit(5);	/* once continued */
	}
	/* Stopped now; WNOWAIT leaves the stop to be reported again. */
	ck_assert_int_eq(waitid(P_PID, pid, &info, WSTOPPED | WNOWAIT), 0);
	to_continue = pid;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = continue_child;
	ck_assert_int_eq(sigaction(SIGALRM, &sa, NULL), 0);
	ck_assert_int_eq(alarm_in(2), 0);	/* SIGCONT once wait_exit waits */
	code = wait_exit(pid);
	if (code != 5) {	/* it returned early: let the child end, and reap it */
		kill(pid, SIGCONT);
		waitpid(pid, NULL, 0);
	}
	ck_assert_msg(code == 5, "wait_exit returned %d while the child was stopped, "
		      "not ended (want 5, its exit status): a stop is not an end "
		      "(no WUNTRACED)", code);
}
END_TEST

START_TEST(test_wait_exit_not_a_child)
{
	pid_t pid = spawn(0, 0);

	ck_assert_int_eq(reap(pid), 0);
	errno = 0;
	ck_assert_int_eq(wait_exit(pid), -1);		/* already reaped */
	ck_assert_errno(ECHILD);
	errno = 0;
	ck_assert_int_eq(wait_exit(getppid()), -1);	/* our parent, not a child */
	ck_assert_errno(ECHILD);
}
END_TEST

/*
 * Two children ending out of order: wait_exit(pid) waits for THAT child,
 * whichever ends first, and leaves the other one alone.  waitpid(-1, ...)
 * (or wait) would reap the quick one and return its status.
 */
START_TEST(test_wait_exit_given_pid)
{
	pid_t slow = spawn(5, 100), quick = spawn(6, 0);
	int status;

	ck_assert_int_eq(wait_exit(slow), 5);
	/* The quick one ended long ago, but it is still ours to reap. */
	ck_assert_int_eq(waitpid(quick, &status, WNOHANG), quick);
	ck_assert_int_eq(WEXITSTATUS(status), 6);

	/* And the other way round: the first to end is the one asked for. */
	quick = spawn(8, 0);
	slow = spawn(7, 100);
	ck_assert_int_eq(wait_exit(quick), 8);
	ck_assert_int_eq(wait_exit(slow), 7);
}
END_TEST

/*
 * wait_exit sleeps until the child ends: the child burns 2 units of CPU
 * time on the same CPU as the test, and wait_exit may take less than 1
 * of it.  A loop of waitpid(WNOHANG) that never sleeps takes its share of
 * that CPU: as much as the child.
 */
START_TEST(test_wait_exit_sleeps)
{
	double c0;
	pid_t pid;

	ck_assert_int_eq(share_one_cpu(), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		burn_cpu(2);
		_exit(0);
	}
	c0 = cpu_units();
	ck_assert_int_eq(wait_exit(pid), 0);
	/* waitpid(pid, &status, 0) sleeps; a loop of WNOHANG looks does not. */
	assert_slept(c0, 1, "wait_exit");
}
END_TEST

START_TEST(test_wait_exit_retries_eintr)
{
	struct itimerval every5ms = { { 0, 5000 }, { 0, 5000 } }, off = { { 0, 0 }, { 0, 0 } };
	pid_t pid = spawn(4, 200);

	/* Each SIGALRM makes a blocked waitpid fail with EINTR. */
	ck_assert_int_eq(catch_alarm(), 0);
	ck_assert_int_eq(setitimer(ITIMER_REAL, &every5ms, NULL), 0);
	ck_assert_int_eq(wait_exit(pid), 4);
	ck_assert_int_eq(setitimer(ITIMER_REAL, &off, NULL), 0);
}
END_TEST

Suite *make_forkrun_suite(void)
{
	Suite *s = suite_create("forkrun");
	TCase *tc;

	tc = add_tcase(s, "fork_run", 0);     /* 1 s; each test takes a few ms */
	tcase_add_test(tc, test_fork_run_runs_in_child);
	tcase_add_test(tc, test_fork_run_flushes_stdio);
	tcase_add_test(tc, test_fork_run_flushes_all_streams);
	tcase_add_test(tc, test_fork_run_child_output_flushed);
	tcase_add_test(tc, test_fork_run_globals_not_shared);
	tcase_add_test(tc, test_fork_run_fork_fails);

	tc = add_tcase(s, "wait_exit", 0);
	tcase_add_test(tc, test_wait_exit_returns_status);
	tcase_add_test(tc, test_wait_exit_killed_by_signal);
	tcase_add_test(tc, test_wait_exit_ignores_stop);
	tcase_add_test(tc, test_wait_exit_not_a_child);
	tcase_add_test(tc, test_wait_exit_given_pid);
	tcase_add_test(tc, test_wait_exit_retries_eintr);

	tc = add_tcase(s, "cpu", 40);	/* 2 units of CPU: longer on a busy CPU */
	tcase_add_test(tc, test_wait_exit_sleeps);
	return s;
}

int main(void)
{
	return run_suite(make_forkrun_suite());
}
