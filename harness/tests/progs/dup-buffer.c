/*
 * dup-buffer.c - the classic trap: stdout is not a terminal, so the line
 * printed before fork() still sits in stdio's buffer, and the child gets
 * a copy.  Both processes flush it at exit: the same text, two writers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t pid;

	printf("before fork\n");        /* no fflush: the point of the program */
	if ((pid = fork()) < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0)
		exit(0);                /* exit, not _exit: flushes the copy */
	waitpid(pid, NULL, 0);
	return 0;
}
