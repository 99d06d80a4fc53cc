/*
 * RIGHT (test data), written unlike the reference: every wait is waitid;
 * a timed join sleeps in ppoll on a pidfd, the deadline kept as an
 * absolute CLOCK_MONOTONIC time; is_alive asks waitid(WNOHANG) itself.
 * Must get full marks.
 */
#define _GNU_SOURCE
#include "process.h"
#include "proclab.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int run_target(struct process *p)
{
	return p->target != NULL ? p->target(p->arg) : 0;
}

void process_init(struct process *p, const char *name,
		  int (*target)(void *), void *arg)
{
	memset(p, 0, sizeof *p);
	snprintf(p->name, sizeof p->name, "%s", name != NULL ? name : "Process");
	p->run = run_target;
	p->target = target;
	p->arg = arg;
}

int process_start(struct process *p)
{
	pid_t pid;

	if (p->pid != 0 || p->run == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (fflush(NULL) != 0)          /* no buffer copied into the child */
		return -1;
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		int code;

		p->pid = getpid();
		(void)freopen("/dev/null", "r", stdin);   /* as Python's child */
		code = p->run(p);
		fflush(NULL);           /* then _exit, as Python: not the parent's atexit handlers */
		_exit(code);
	}
	p->pid = pid;
	return 0;
}

/* Reap p's child with waitid(options): 0 reaped, 1 still running, -1 error. */
static int reap(struct process *p, int options)
{
	siginfo_t info;

	for (;;) {
		info.si_pid = 0;
		if (waitid(P_PID, p->pid, &info, WEXITED | options) == 0)
			break;
		if (errno != EINTR)
			return -1;
	}
	if (info.si_pid == 0)           /* WNOHANG, and it has not ended */
		return 1;
	p->exitcode = info.si_code == CLD_EXITED ? info.si_status : -info.si_status;
	p->finished = 1;
	return 0;
}

/* Sleep until p's child ends or the deadline: 1 it ended, 0 time is up, -1 error. */
static int wait_until(struct process *p, const struct timespec *deadline)
{
	struct pollfd pfd = { .fd = pidfd_open(p->pid, 0), .events = POLLIN };
	int n, saved;

	if (pfd.fd < 0)
		return -1;
	for (;;) {
		struct timespec now, left;

		if (clock_gettime(CLOCK_MONOTONIC, &now) < 0) {
			n = -1;
			break;
		}
		left.tv_sec = deadline->tv_sec - now.tv_sec;
		left.tv_nsec = deadline->tv_nsec - now.tv_nsec;
		if (left.tv_nsec < 0) {
			left.tv_nsec += 1000000000;
			left.tv_sec--;
		}
		if (left.tv_sec < 0)
			left.tv_sec = left.tv_nsec = 0;
		n = ppoll(&pfd, 1, &left, NULL);
		if (n > 0 || (n < 0 && errno != EINTR))
			break;
		if (n == 0 && left.tv_sec == 0 && left.tv_nsec == 0)
			break;
	}
	saved = errno;
	close(pfd.fd);
	errno = saved;
	return n;
}

int process_join(struct process *p, double timeout_units)
{
	struct timespec deadline;
	long long ns;
	int r;

	if (p->pid <= 0) {
		errno = EINVAL;
		return -1;
	}
	if (p->pid == getpid()) {
		errno = EDEADLK;        /* inside p's own run: never ends */
		return -1;
	}
	if (p->finished)
		return 0;
	if (timeout_units == NO_TIMEOUT)
		return reap(p, 0);
	if (!(timeout_units >= 0))
		timeout_units = 0;      /* negative: only look, as Python's join(-1) */
	if (timeout_units > 1e9)
		timeout_units = 1e9;
	if (clock_gettime(CLOCK_MONOTONIC, &deadline) < 0)
		return -1;
	ns = deadline.tv_nsec + (long long)(timeout_units * unit_ms() * 1e6) + 1;
	deadline.tv_sec += ns / 1000000000;
	deadline.tv_nsec = ns % 1000000000;
	if ((r = wait_until(p, &deadline)) < 0)
		return -1;
	return r == 0 ? 1 : reap(p, 0);
}

int process_is_alive(struct process *p)
{
	if (p->pid <= 0 || p->finished)
		return 0;
	if (p->pid == getpid())
		return 1;               /* asked inside its own run */
	return reap(p, WNOHANG);        /* 1: still running; 0: reaped now */
}

int process_exitcode(struct process *p, int *code)
{
	/* Python's exitcode looks without waiting: an ended child is
	   reaped now, joined or not. */
	if (process_is_alive(p) < 0)
		return -1;
	if (!p->finished) {
		errno = EAGAIN;
		return -1;
	}
	*code = p->exitcode;
	return 0;
}

int process_terminate(struct process *p)
{
	if (p->pid <= 0) {
		errno = EINVAL;
		return -1;
	}
	return p->finished ? 0 : kill(p->pid, SIGTERM);
}
