/*
 * forklab.c - the graded driver for fork_run and wait_exit.
 *
 * Provided: do not change.  The grader runs it with stdout a socket, so
 * stdout is fully buffered and the "before fork" line is still in the
 * buffer when fork_run is called: fork_run must flush it, or the child
 * writes a copy too.  The printed strings are graded; keep them exact.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "forkrun.h"

int n = 100;	/* each process has its own copy after fork */

static int child(void *arg)
{
	(void)arg;
	n += 1;
	printf("child: pid=%d ppid=%d n=%d\n", (int)getpid(), (int)getppid(), n);
	return 7;
}

int main(void)
{
	pid_t pid;
	int st;

	printf("parent: before fork pid=%d\n", (int)getpid());	/* no fflush: see above */

	pid = fork_run(child, NULL);
	if (pid < 0) {
		fprintf(stderr, "forklab: fork_run: %s\n", strerror(errno));
		exit(1);
	}
	st = wait_exit(pid);
	if (st == -1) {
		fprintf(stderr, "forklab: wait_exit: %s\n", strerror(errno));
		exit(1);
	}
	printf("parent: pid=%d child=%d exit=%d n=%d\n", (int)getpid(), (int)pid, st, n);
	return 0;
}
