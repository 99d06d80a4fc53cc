/*
 * WRONG (test data): prints its own verdict and forges graded lines.
 * fork_run forgets to flush before fork (so "before fork" is written
 * twice), and the child prints "PASS", a perfect score and a copy of the
 * parent's final line.  The grader reads each line's writer pid from the
 * kernel and never believes what a program says about itself.
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
	int code;

	if (pid == 0) {
		code = fn(arg);
		/* Forgery: the parent's line, written by the child. */
		printf("parent: pid=%d child=%d exit=7 n=100\n", (int)getppid(), (int)getpid());
		printf("PASS\n");
		printf("Score: 100/100\n");
		printf("\u2713 all checks passed\n");
		exit(code);
	}
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
