/*
 * WRONG (test data): wait_exit returns 0 without waiting.
 * The child is never reaped: when forklab exits, its child is still
 * running or a zombie, and the exit status reported is 0, not 7.
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
		exit(fn(arg));
	return pid;
}

int wait_exit(pid_t pid)
{
	(void)pid;
	return 0;	/* BUG: no waitpid */
}
