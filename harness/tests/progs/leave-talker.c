/*
 * leave-talker.c - the parent exits at once; its child stays behind and
 * prints a line every 20 ms, for ever.
 */
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
	if (pid > 0)
		return 0;
	for (int i = 0;; i++) {
		dprintf(1, "still here %d\n", i);
		usleep(20000);
	}
}
