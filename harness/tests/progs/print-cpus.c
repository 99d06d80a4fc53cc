/* print-cpus.c - the parent and a forked child each print how many CPUs
   they may run on, and the first of them: "parent cpus=N first=C". */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void say(const char *who)
{
	cpu_set_t set;
	int first = -1;

	if (sched_getaffinity(0, sizeof set, &set) < 0) {
		perror("sched_getaffinity");
		_exit(1);
	}
	for (int c = CPU_SETSIZE - 1; c >= 0; c--)
		if (CPU_ISSET(c, &set))
			first = c;
	printf("%s cpus=%d first=%d\n", who, CPU_COUNT(&set), first);
	fflush(stdout);
}

int main(void)
{
	pid_t pid;

	say("parent");
	if ((pid = fork()) < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		say("child");
		_exit(0);
	}
	return waitpid(pid, NULL, 0) == pid ? 0 : 1;
}
