/*
 * WRONG (test data): fork_run does not flush stdio before fork.
 * Text the caller printed but stdio had not yet written is copied into
 * the child and written twice: "parent: before fork" appears twice when
 * stdout is a pipe or socket.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "forkrun.h"

pid_t fork_run(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();	/* BUG: no fflush(NULL) first */

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
