/*
 * memory-hog.c - argv[1] children (4), each touching argv[2] MiB (400)
 * and saying "held" once all of it is in memory, then sleeping: below
 * the per-process limit each, above the run's limit together.  The
 * parent says how many it counted after a while.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 4;
	size_t mib = argc > 2 ? strtoul(argv[2], NULL, 10) : 400;

	for (int i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			/* volatile: the compiler may not drop stores nobody reads */
			volatile char *p = malloc(mib << 20);

			if (p == NULL)
				_exit(2);
			for (size_t b = 0; b < mib << 20; b += 4096)
				p[b] = 1;       /* every page in memory */
			write(1, "held\n", 5);
			pause();
			_exit(0);
		}
	}
	sleep(3);
	return 0;
}
