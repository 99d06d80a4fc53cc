/*
 * 3-fork-buffer-trap.c - text printed before fork can come out twice.
 *
 * printf does not write(2) at once: it fills a buffer in the process's
 * memory.  On a terminal stdout is line buffered, so the "\n" sends the
 * line out.  Into a pipe or a file it is fully buffered: the line is still
 * in the buffer when fork copies the process -- buffer included -- and
 * each process writes its copy when it exits.  Try both:
 *
 *	$ ./3-fork-buffer-trap		terminal: "before fork" once
 *	$ ./3-fork-buffer-trap | cat	pipe: "before fork" twice
 *
 * The child's copy even says the parent's pid: it was formatted before the
 * child existed.  The fix is one line: 3-fork-buffer-fixed.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "proclab.h"

int main(void)
{
	pid_t pid;

	/* slide: trap */
	printf("before fork: pid=%d\n", (int)getpid());
	/* BUG: no fflush(stdout) here. */

	pid = Fork();
	/* slide end */
	if (pid == 0) {
		printf("child:  pid=%d\n", (int)getpid());
		exit(0);	/* exit flushes our buffer: the copied line too */
	}
	Waitpid(pid, NULL, 0);
	printf("parent: pid=%d\n", (int)getpid());
	return 0;
}
