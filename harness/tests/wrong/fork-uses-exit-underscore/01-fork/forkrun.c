/*
 * WRONG (test data): the child ends with _exit(fn(arg)).
 * _exit skips stdio's flush, so whatever the child printed and stdio had
 * not yet written is lost: with stdout a pipe or socket, the child's line
 * never appears.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "forkrun.h"

pid_t fork_run(int (*fn)(void *), void *arg)
{
	pid_t pid;

	if (fflush(NULL) == EOF)
		return -1;
	pid = fork();
	if (pid == 0)
		_exit(fn(arg));	/* BUG: _exit discards the child's stdio buffers */
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
