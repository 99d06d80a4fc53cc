/*
 * WRONG (test data): BUG: defines the test runner's srunner_run_all, a
 * function of Check (a static library, linked into the unit tests only):
 * a global one would run no test and leave the runner to print its
 * summary.  Made local it replaces nothing, but the grader must still
 * refuse the file: the test runner defines that name too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "forkrun.h"

void srunner_run_all(void *sr, int mode)
{
	(void)sr;
	(void)mode;
}

pid_t fork_run(int (*fn)(void *), void *arg)
{
	pid_t pid;

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
