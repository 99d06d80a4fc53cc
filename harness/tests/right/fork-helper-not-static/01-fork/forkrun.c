/*
 * RIGHT (test data): the reference's logic with one helper that forgot
 * `static`.  The grader makes `flush_all` local (it can then replace
 * nothing of libc's or the test runner's) and says so in an ungraded
 * note; both student files of a lab may hold such a helper.  Must get
 * full marks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "forkrun.h"

int flush_all(void)             /* BUG-free, but not static */
{
	return fflush(NULL) == EOF ? -1 : 0;
}

pid_t fork_run(int (*fn)(void *), void *arg)
{
	pid_t pid;

	if (flush_all() < 0)    /* the child gets a copy of every buffer */
		return -1;
	pid = fork();
	if (pid == 0)
		exit(fn(arg));
	return pid;
}

int wait_exit(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return -WTERMSIG(status);
}
