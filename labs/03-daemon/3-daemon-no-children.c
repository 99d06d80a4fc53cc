/*
 * 3-daemon-no-children.c - a daemonic process may not start children; a
 * non-daemonic one may, and joins them when it ends.
 *
 *     def spawner():
 *         Process(target=grandchild).start()
 *     d = Process(target=spawner, daemon=True);  d.start()
 *         # AssertionError: daemonic processes are not allowed to have children
 *     n = Process(target=spawner);  n.start()    # fine
 *
 * Why the rule: a daemon is terminated when its parent exits, with no
 * chance to clean up -- its own children would be orphans nobody stops.
 */
#define _GNU_SOURCE             /* strerrorname_np */
#include "daemon.h"
#include "proclab.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int grandchild(void *arg)
{
	(void)arg;
	sleep_units(1);
	printf("grandchild: pid %d ppid %d done\n", (int)getpid(), (int)getppid());
	return 0;
}

/* Both children run this; only the daemon flag differs. */
static int spawner(void *arg)
{
	/* Static, even here: the child's own shutdown runs after spawner
	   has returned (each process has its own copy of g). */
	static struct dprocess g;
	const char *me = arg;

	dprocess_init(&g, "grandchild", grandchild, NULL);
	if (dprocess_start(&g) < 0) {
		printf("%s: pid %d dprocess_start: -1 %s (%s)\n", me, (int)getpid(),
		       strerrorname_np(errno), strerror(errno));
		return 0;
	}
	printf("%s: pid %d started grandchild %d, returns without joining it\n",
	       me, (int)getpid(), (int)g.proc.pid);
	return 0;       /* the child's shutdown joins the grandchild */
}

static struct dprocess d, n;    /* static: the shutdown runs after main */

/* Registered before dprocess_start's handler, so it runs after it. */
static void last_words(void)
{
	int code;

	if (process_exitcode(&n.proc, &code) < 0)
		printf("parent: at exit: non-daemon exitcode=None\n");
	else
		printf("parent: at exit: non-daemon exitcode=%d\n", code);
}

int main(void)
{
	int code;

	/* Fully buffered on a pipe or socket: line buffering keeps each line
	   at the time it happened, and none copied by fork. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (atexit(last_words) != 0) {
		errno = ENOMEM;
		unix_error("atexit");
	}
	dprocess_init(&d, "daemon", spawner, "daemon");
	if (dprocess_set_daemon(&d, 1) < 0)
		unix_error("dprocess_set_daemon");
	dprocess_init(&n, "non-daemon", spawner, "non-daemon");

	printf("parent: pid %d starting daemon and non-daemon\n", (int)getpid());
	if (dprocess_start(&d) < 0 || dprocess_start(&n) < 0)
		unix_error("dprocess_start");
	/* Join the daemon here: at exit it would be terminated, maybe
	   before it has said anything. */
	if (process_join(&d.proc, NO_TIMEOUT) < 0)
		unix_error("process_join");
	if (process_exitcode(&d.proc, &code) < 0)
		unix_error("process_exitcode");
	printf("parent: joined daemon exitcode=%d\n", code);
	printf("parent: main returns\n");
	return 0;
}
