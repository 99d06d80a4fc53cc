/*
 * fork-later.c - a well-behaved program: sleeps argv[1] milliseconds,
 * then forks three children that exit at once, reaps them, and says
 * whether every fork() worked.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 0;
	int failed = 0, err = 0;

	usleep(ms * 1000);
	for (int i = 0; i < 3; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0) {
			failed++;
			err = errno;
		}
	}
	while (wait(NULL) > 0)
		;
	if (failed)
		printf("fork failed %d times: %s\n", failed, strerror(err));
	else
		printf("fork ok\n");
	return 0;
}
