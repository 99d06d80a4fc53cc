/*
 * 1-fork.c - fork returns twice.
 *
 * Python:	pid = os.fork()
 *		if pid == 0: print("child", os.getpid(), os.getppid())
 *		else:        print("parent", os.getpid(), os.getppid())
 *		print("both", os.getpid())	# after the if: both run it
 *
 * fork() copies the calling process.  Both copies return from the same
 * call and carry on from there: the child gets 0, the parent gets the
 * child's pid.  That return value is the only way they tell who they are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "proclab.h"

int main(void)
{
	pid_t pid;

	printf("before fork: pid=%d\n", (int)getpid());
	fflush(stdout);		/* flush first: the child gets a copy of the buffer (see 3-) */

	/* slide: fork-twice */
	pid = Fork();
	if (pid == 0) {
		/* The child: its parent is the process that called fork. */
		printf("child:  fork returned %d, pid=%d ppid=%d\n",
		       (int)pid, (int)getpid(), (int)getppid());
	} else {
		printf("parent: fork returned %d, pid=%d ppid=%d\n",
		       (int)pid, (int)getpid(), (int)getppid());
	}
	/* No exit in the if: both processes carry on from here. */
	printf("both:   pid=%d runs the code after the if\n", (int)getpid());

	/* The parent reaps the child, or it stays a zombie until we exit (see 4-). */
	if (pid != 0)
		Waitpid(pid, NULL, 0);
	/* slide end */
	return 0;
}
