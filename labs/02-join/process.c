/*
 * process.c - the process object (see process.h for each contract).
 *
 * YOUR FILE: write the five functions between the markers.  Keep the
 * contracts in process.h: return -1 with errno on error; never print,
 * never exit (only the child, at the end of process_start, _exits).
 *
 * Helpers of yours should be `static`: only the functions the header
 * declares may be global.  The grader makes any other global name of
 * this file local (and notes it, ungraded); a global named like one of
 * the C library or the test runner (write, printf, malloc, main,
 * srunner_run_all ...) is refused: the lab would score 0.
 */
#define _GNU_SOURCE
#include "process.h"
#include "proclab.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <unistd.h>

/* The default run: what Process.run() does, call target(*args). */
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

/*
 * start(): fork a child that runs p->run(p) and ends as Python's child
 * does.  0 in the parent; -1 with EINVAL if already started, or fork's
 * errno.
 */
int process_start(struct process *p)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)p;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

/*
 * join(timeout): 0 once the child has ended (reaped, exitcode stored),
 * 1 when timeout_units passed first, -1 with errno on error (EINVAL:
 * never started; EDEADLK: p is the caller).  NO_TIMEOUT waits as long as
 * it takes; a negative timeout only looks, like 0 (Python's join(-1)).
 *
 * Two ways to wait with a timeout.  waitpid has none, so either poll it:
 * waitpid(pid, &status, WNOHANG) and sleep a little, again and again
 * until the child is gone or time is up -- simple, but it wakes up for
 * nothing and notices the end only at the next tick.  Or ask the kernel
 * for a file descriptor that stands for the child (pidfd_open, Linux 5.3)
 * and sleep in poll(2) until it becomes readable, which happens the
 * moment the child ends; then waitpid does not block.
 */
int process_join(struct process *p, double timeout_units)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)p;
	(void)timeout_units;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

/* is_alive(): 1 started and not ended, else 0 (reaps an ended child). */
int process_is_alive(struct process *p)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)p;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

/* exitcode: 0 and *code once ended (reaped here if need be); -1 with
   EAGAIN while running or never started (Python's None). */
int process_exitcode(struct process *p, int *code)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)p;
	(void)code;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

/* terminate(): SIGTERM, unless already reaped.  -1 EINVAL if never started. */
int process_terminate(struct process *p)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)p;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}
