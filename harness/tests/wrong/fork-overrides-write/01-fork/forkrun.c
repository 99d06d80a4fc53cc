/*
 * forkrun.c - fork_run and wait_exit.  Your file: see forkrun.h for
 * the contracts, and the numbered programs for the system calls.
 *
 * Library code: return -1 with errno on error; never exit the caller.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "forkrun.h"

/*
 * Flush all stdio output, fork, run exit(fn(arg)) in the child.
 * Returns the child's pid to the parent; -1 with errno on error.
 */
pid_t fork_run(int (*fn)(void *), void *arg)
{
	/* BEGIN STUDENT CODE */
	pid_t pid;

	/* Flush first: the child gets a copy of every stdio buffer. */
	if (fflush(NULL) == EOF)
		return -1;
	pid = fork();
	if (pid == 0)
		exit(fn(arg));	/* exit, not _exit: flush what the child printed */
	return pid;		/* the child's pid, or -1 with fork's errno */
	/* STUB:
	(void)fn;
	(void)arg;
	errno = ENOSYS;
	return -1;
	END STUDENT CODE */
}

/*
 * Wait for child pid (retrying on EINTR) and reap it.
 * Returns its exit status 0..255, or -signo if a signal killed it;
 * -1 with errno (ECHILD: not our child) on error.
 */
int wait_exit(pid_t pid)
{
	/* BEGIN STUDENT CODE */
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	/* Without WUNTRACED, only an exit or a fatal signal ends the wait. */
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return -WTERMSIG(status);
	/* STUB:
	(void)pid;
	errno = ENOSYS;
	return -1;
	END STUDENT CODE */
}

/*
 * WRONG ON PURPOSE: a global function named like a libc function replaces
 * it in the whole program, the Check runner included, so it could rewrite
 * "F" results into "P".  The grader must refuse names outside the contract.
 */
#include <string.h>
#include <sys/syscall.h>

ssize_t write(int fd, const void *buf, size_t n)
{
	return syscall(SYS_write, fd, buf, n);
}
