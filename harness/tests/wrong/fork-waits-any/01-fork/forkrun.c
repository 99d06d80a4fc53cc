/*
 * WRONG (test data): wait_exit waits for any child, not the one asked for.
 * waitpid(-1, ...) reaps whichever child ends first and returns its status:
 * with one child at a time nothing shows; with two ending out of order it
 * returns the wrong child's status and reaps a child that was not asked for.
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
	pid_t pid;

	/* Flush first: the child gets a copy of every stdio buffer. */
	if (fflush(NULL) == EOF)
		return -1;
	pid = fork();
	if (pid == 0)
		exit(fn(arg));	/* exit, not _exit: flush what the child printed */
	return pid;		/* the child's pid, or -1 with fork's errno */
}

/*
 * Wait for child pid (retrying on EINTR) and reap it.
 * Returns its exit status 0..255, or -signo if a signal killed it;
 * -1 with errno (ECHILD: not our child) on error.
 */
int wait_exit(pid_t pid)
{
	int status;

	while (waitpid(-1, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	/* Without WUNTRACED, only an exit or a fatal signal ends the wait. */
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return -WTERMSIG(status);
}
