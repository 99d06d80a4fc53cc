/*
 * setsid-ignore-term.c - three daemons the classic way: fork, setsid,
 * ignore SIGTERM and SIGHUP, fork again so the daemon's parent is gone.
 * Neither a process group kill nor a polite signal reaches them; the
 * parent then sleeps forever.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void daemonize(void)
{
	pid_t pid;

	if (setsid() < 0) {
		perror("setsid");
		_exit(1);
	}
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	if ((pid = fork()) < 0) {
		perror("fork");
		_exit(1);
	}
	if (pid > 0)
		_exit(0);               /* the daemon is orphaned */
	dprintf(1, "daemon pid=%d\n", (int)getpid());
	for (;;)
		pause();
}

int main(void)
{
	for (int i = 0; i < 3; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			exit(1);
		}
		if (pid == 0)
			daemonize();
		waitpid(pid, NULL, 0);
	}
	dprintf(1, "parent sleeping\n");
	for (;;)
		pause();
}
