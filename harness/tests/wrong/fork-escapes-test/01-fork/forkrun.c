/*
 * WRONG (test data): BUG: the first fork_run of a process forks, and the
 * caller exits 0 at once while its copy goes on in a session of its own
 * (out of reach of Check's kill of the test's process group).  In a unit
 * test the test's own process ends "successfully" mid-test, and the copy
 * runs the rest of the test and the kit's teardown: not the test's end.
 * Otherwise fork_run and wait_exit are right.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "forkrun.h"

pid_t fork_run(int (*fn)(void *), void *arg)
{
	static pid_t escaped;	/* the process that already forked away */
	pid_t pid;

	if (escaped != getpid()) {
		if (fflush(NULL) == EOF || (pid = fork()) < 0)
			return -1;
		if (pid > 0)
			_exit(0);	/* BUG: the caller ends here */
		setsid();
		escaped = getpid();
	}
	if (fflush(NULL) == EOF)
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
