/*
 * 4-zombie.c - a child that has exited but is not yet waited for.
 *
 * When a process exits, the kernel keeps a small entry for it -- pid and
 * exit status -- until its parent collects them with wait.  Until then
 * the child is a zombie: state Z in ps, "<defunct>".  Here the parent
 * sleeps 2 units before waiting, so you can look at it:
 *
 *	$ ./4-zombie & sleep 1; ps -o pid,stat,cmd
 *
 * A parent that never waits leaks one entry per child; the pid table
 * is finite.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proclab.h"

int main(void)
{
	pid_t pid;
	int status;

	pid = Fork();
	if (pid == 0) {
		printf("child:  pid=%d exiting with status 3\n", (int)getpid());
		exit(3);
	}

	printf("parent: child %d is a zombie for 2 units: ps -o pid,stat,cmd -p %d\n",
	       (int)pid, (int)pid);
	fflush(stdout);		/* show it now, not at exit */
	sleep_units(2);

	/* Reaping takes the exit status and frees the zombie's entry. */
	Waitpid(pid, &status, 0);
	if (WIFEXITED(status))
		printf("parent: reaped %d, exit status %d\n", (int)pid, WEXITSTATUS(status));
	else
		printf("parent: reaped %d, killed by signal %d\n", (int)pid, WTERMSIG(status));
	return 0;
}
