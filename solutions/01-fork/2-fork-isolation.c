/*
 * 2-fork-isolation.c - after fork, each process has its own memory.
 *
 * Python:	n = 100
 *		if os.fork() == 0:
 *			n += 1; print("child", n, flush=True); os._exit(0)
 *		os.wait(); print("parent", n)		# still 100
 *
 * (flush=True: os._exit, like C's _exit, throws the stdio buffer away,
 * and to a pipe the line is still in it.  The C child uses exit(), which
 * flushes.)
 *
 * The child gets a copy of the parent's memory (copied lazily, page by
 * page, when one of them writes: copy-on-write).  Same addresses, separate
 * contents: the child's change is never seen by the parent.  Sharing takes
 * explicit work (pipes, shared memory: later labs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "proclab.h"

int n = 100;	/* a global: each process has its own copy after fork */

int main(void)
{
	pid_t pid;

	/* slide: isolation */
	pid = Fork();
	if (pid == 0) {
		n += 1;
		printf("child:  pid=%d n=%d &n=%p\n", (int)getpid(), n, (void *)&n);
		exit(0);
	}

	/* Wait, so the child has surely changed its n before we look at ours. */
	Waitpid(pid, NULL, 0);
	printf("parent: pid=%d n=%d &n=%p\n", (int)getpid(), n, (void *)&n);
	/* slide end */
	return 0;
}
