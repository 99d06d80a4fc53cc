/*
 * 3-fork-buffer-fixed.c - flush stdio before fork.
 *
 * The same program as 3-fork-buffer-trap.c plus one line: empty the
 * buffer before fork, so the child starts with nothing to write twice.
 *
 *	$ ./3-fork-buffer-fixed | cat	"before fork" once, even into a pipe
 *
 * fflush(NULL) flushes every output stream, when there are more than stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "proclab.h"

int main(void)
{
	pid_t pid;

	/* slide: fixed */
	printf("before fork: pid=%d\n", (int)getpid());
	fflush(stdout);		/* flush first: the child gets a copy of the buffer */

	pid = Fork();
	/* slide end */
	if (pid == 0) {
		printf("child:  pid=%d\n", (int)getpid());
		exit(0);
	}
	Waitpid(pid, NULL, 0);
	printf("parent: pid=%d\n", (int)getpid());
	return 0;
}
