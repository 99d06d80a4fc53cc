/*
 * 5-orphan.c - a child whose parent exits first.
 *
 * The parent does not wait: it exits at once.  The child lives on, an
 * orphan, and the kernel gives it a new parent: init (pid 1), or the
 * nearest ancestor that asked to be a "child subreaper" (systemd --user in
 * a desktop session; the proclab grader for the programs it runs).  The
 * new parent reaps it when it exits, so an orphan does not stay a zombie.
 *
 *	$ ./5-orphan		the child's line comes after the shell prompt:
 *				the shell waited for the parent only
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "proclab.h"

int main(void)
{
	pid_t parent = getpid();	/* the child keeps a copy of this */
	pid_t pid;

	pid = Fork();
	if (pid == 0) {
		printf("child:  pid=%d, my parent is %d\n", (int)getpid(), (int)parent);
		fflush(stdout);
		sleep_units(1);		/* by now our parent has exited */
		printf("child:  parent %d is gone, my ppid is now %d\n",
		       (int)parent, (int)getppid());
		exit(0);
	}
	printf("parent: pid=%d exiting without waiting for %d\n", (int)parent, (int)pid);
	return 0;
}
