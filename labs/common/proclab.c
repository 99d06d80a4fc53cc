/* proclab.c - see proclab.h. */
#define _GNU_SOURCE
#include "proclab.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

long unit_ms(void)
{
	const char *s = getenv("PROCLAB_UNIT_MS");
	char *end;
	long ms;

	if (s == NULL || *s == '\0')
		return 1000;
	ms = strtol(s, &end, 10);
	if (*end != '\0' || ms <= 0 || ms > 3600 * 1000)
		return 1000;
	return ms;
}

void sleep_units(double u)
{
	struct timespec left;
	double ns = u * unit_ms() * 1e6;

	if (ns <= 0)
		return;
	left.tv_sec = (time_t)(ns / 1e9);
	left.tv_nsec = (long)(ns - left.tv_sec * 1e9);
	/* nanosleep stores what is left when a signal interrupts it. */
	while (nanosleep(&left, &left) < 0)
		if (errno != EINTR)
			unix_error("nanosleep");
}

double now_units(void)
{
	struct timespec t;

	if (clock_gettime(CLOCK_MONOTONIC, &t) < 0)
		unix_error("clock_gettime");
	return (t.tv_sec * 1e3 + t.tv_nsec / 1e6) / unit_ms();
}

void unix_error(const char *msg)
{
	fprintf(stderr, "%s: %s\n", msg, strerror(errno));
	exit(1);
}

pid_t Fork(void)
{
	pid_t pid = fork();

	if (pid < 0)
		unix_error("fork");
	return pid;
}

pid_t Waitpid(pid_t pid, int *status, int options)
{
	pid_t r;

	while ((r = waitpid(pid, status, options)) < 0)
		if (errno != EINTR)
			unix_error("waitpid");
	return r;
}
