/*
 * leave-zombie.c - the child exits at once; the parent waits until it has
 * (waitid with WNOWAIT: without reaping it), prints its pid and exits
 * without ever reaping it: a zombie is left behind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	siginfo_t si;
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0)
		_exit(0);
	if (waitid(P_PID, pid, &si, WEXITED | WNOWAIT) < 0) {
		perror("waitid");
		exit(1);
	}
	printf("zombie child=%d\n", (int)pid);
	return 0;
}
