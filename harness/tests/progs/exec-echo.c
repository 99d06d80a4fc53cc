/*
 * exec-echo.c - a forked child execs /bin/echo; the parent prints the
 * child's pid as fork() returned it.  Whatever echo writes is the child's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		execl("/bin/echo", "echo", "echo says hello", (char *)NULL);
		perror("execl /bin/echo");
		_exit(127);
	}
	printf("parent forked child=%d\n", (int)pid);
	fflush(stdout);
	if (waitpid(pid, NULL, 0) < 0) {
		perror("waitpid");
		exit(1);
	}
	return 0;
}
