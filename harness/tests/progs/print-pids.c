/*
 * print-pids.c - the parent and three forked children each print the pid
 * getpid() gives them.  argv[1] picks stdout's buffering: "unbuffered"
 * (one write per printf) or "line" (one write per line).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int mode = argc > 1 && strcmp(argv[1], "line") == 0 ? _IOLBF : _IONBF;

	setvbuf(stdout, NULL, mode, BUFSIZ);
	printf("parent pid=%d\n", (int)getpid());
	for (int i = 0; i < 3; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			exit(1);
		}
		if (pid == 0) {
			printf("child %d pid=%d\n", i, (int)getpid());
			exit(0);
		}
	}
	while (wait(NULL) > 0)
		;
	return 0;
}
