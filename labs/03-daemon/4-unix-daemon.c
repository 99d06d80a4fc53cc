/*
 * 4-unix-daemon.c - the OTHER daemon: a Unix daemon, a server process
 * cut loose from the terminal and from whoever started it.  Nothing to do
 * with p.daemon, which is about who stops a child; a Unix daemon is a
 * process nobody stops when its starter ends.  The classic recipe:
 *
 *   fork        the parent returns to the shell; the child is not a
 *               process-group leader, which setsid requires
 *   setsid      a new session, with no controlling terminal: no ^C, no
 *               SIGHUP when the terminal closes
 *   fork again  the session leader exits; its child is not a session
 *               leader, so opening a terminal can never make it its
 *               controlling one.  Orphaned, it gets a new parent: init,
 *               or the nearest "child subreaper" (systemd --user; the
 *               proclab grader for the programs it runs)
 *   chdir("/"), umask(0), stdin/stdout/stderr to /dev/null (or a log)
 *
 * Here stdout stays open so that you can see what the daemon says (at
 * the terminal, after the shell prompt).  The daemon ends after 3 units;
 * a real one would serve forever.  Under the grader it is left running
 * when the program exits, by design, and the grader kills it.
 */
#include "proclab.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The name of process pid, from /proc/pid/comm ("?" if unknown). */
static const char *comm(pid_t pid, char *buf, size_t len)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	if ((f = fopen(path, "r")) == NULL || fgets(buf, (int)len, f) == NULL)
		snprintf(buf, len, "?");
	if (f != NULL)
		fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

/* Who am I: pid, parent (and its name), process group, session, terminal. */
static void show(const char *who)
{
	char name[64];
	int tty = open("/dev/tty", O_RDWR);     /* fails without a terminal */

	printf("%s: pid %d ppid %d (%s) pgid %d sid %d tty %s\n", who,
	       (int)getpid(), (int)getppid(), comm(getppid(), name, sizeof name),
	       (int)getpgrp(), (int)getsid(0), tty >= 0 ? "yes" : "none");
	if (tty >= 0)
		close(tty);
}

static void become_daemon(void)
{
	pid_t leader = getpid();
	int fd;

	if (setsid() < 0)
		unix_error("setsid");
	show("child");
	if (Fork() != 0)
		exit(0);                /* the session leader goes */
	/* Wait until our parent is gone and we have been re-parented. */
	while (getppid() == leader)
		sleep_units(0.01);
	if (chdir("/") < 0)
		unix_error("chdir");
	umask(0);
	if ((fd = open("/dev/null", O_RDONLY)) < 0 || dup2(fd, 0) < 0)
		unix_error("/dev/null");
	close(fd);
}

int main(void)
{
	int i;

	/* Fully buffered on a pipe or socket: line buffering writes each line
	   when it happens, and leaves nothing in the buffer fork copies. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	show("parent");
	if (Fork() == 0) {
		become_daemon();
		show("daemon");
		for (i = 1; i <= 3; i++) {
			sleep_units(1);
			printf("daemon: still here, tick %d/3, ppid %d\n", i, (int)getppid());
		}
		exit(0);
	}
	/* Reap the first child (the session leader, which exits at once):
	   the daemon is not our child any more. */
	if (wait(NULL) < 0)
		unix_error("wait");
	printf("parent: first child reaped; exiting, the daemon lives on\n");
	return 0;
}
