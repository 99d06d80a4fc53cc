/*
 * timed.c - timed FILE PROGRAM [ARG...]: run PROGRAM and write to FILE
 * "WALL_NS CPU_NS": its wall-clock time and the CPU time (user + system)
 * of it and of every process it waited for, in nanoseconds.  The CPU
 * time is what trace-cost calls a cost: other load on the machine delays
 * a run but does not add to it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	double t0;
	FILE *f;
	pid_t pid;
	int status;

	if (argc < 3) {
		fprintf(stderr, "usage: timed FILE PROGRAM [ARG...]\n");
		return 2;
	}
	t0 = now_ns();
	if ((pid = fork()) < 0) {
		perror("timed: fork");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "timed: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("timed: wait4");
			return 1;
		}
	if ((f = fopen(argv[1], "w")) == NULL) {
		perror(argv[1]);
		return 1;
	}
	fprintf(f, "%.0f %.0f\n", now_ns() - t0,
		(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e9 +
		(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e3);
	fclose(f);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
