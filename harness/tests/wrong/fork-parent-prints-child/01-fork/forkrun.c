/*
 * BUG: the child never runs fn; the parent prints the child's line itself
 * ("child: ... n=101", the line a count check looks for) with the child's
 * pid in it.  Only a check that asks who wrote the line ("by": "others")
 * sees that no child said it.
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

	(void)fn;
	(void)arg;
	fflush(NULL);
	pid = fork();
	if (pid == 0)
		_exit(7);
	if (pid > 0)	/* forged: the child's line, written by the parent */
		printf("child: pid=%d ppid=%d n=101\n", (int)pid, (int)getpid());
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
