/*
 * WRONG (test data): BUG: a non-static `write` beside a non-static helper.
 * The helper is made local and noted; `write` is a name the C library
 * defines: a global one would replace libc's in the Check runner and
 * could turn its "F" lines into "P".  Made local it could replace
 * nothing, but the grader must still refuse the file, not grade it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "forkrun.h"

ssize_t write(int fd, const void *buf, size_t n)
{
	return syscall(SYS_write, fd, buf, n);
}

int flush_all(void)
{
	return fflush(NULL) == EOF ? -1 : 0;
}

pid_t fork_run(int (*fn)(void *), void *arg)
{
	pid_t pid;

	if (flush_all() < 0)
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
