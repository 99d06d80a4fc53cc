/* leave-orphan.c - the parent exits, its child sleeps on: an orphan. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		for (;;)
			pause();
	}
	printf("orphan child=%d\n", (int)pid);
	return 0;
}
