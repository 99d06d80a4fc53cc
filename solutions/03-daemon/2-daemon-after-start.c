/*
 * 2-daemon-after-start.c - the daemon flag is set before start, or never.
 *
 *     p = Process(target=work)
 *     p.start()
 *     p.daemon = True      # AssertionError: process has already started
 *
 * The child already runs, and it was told at its start that it is not
 * daemonic: a flag changed now would mean one thing to the parent and
 * another to the child.  So the call fails with EINVAL, the flag stays 0,
 * and the child is joined at exit like any non-daemonic child.
 */
#define _GNU_SOURCE             /* strerrorname_np */
#include "daemon.h"
#include "proclab.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int work(void *arg)
{
	(void)arg;
	printf("child: pid %d working 1 unit\n", (int)getpid());
	sleep_units(1);
	printf("child: done\n");
	return 0;
}

static struct dprocess p;      /* static: the shutdown runs after main */

/* Registered before dprocess_start's handler, so it runs after it. */
static void last_words(void)
{
	int code;

	if (process_exitcode(&p.proc, &code) < 0)
		printf("parent: at exit: child exitcode=None\n");
	else
		printf("parent: at exit: child exitcode=%d\n", code);
}

int main(void)
{
	int r;

	/* Fully buffered on a pipe or socket: line buffering keeps each line
	   at the time it happened, and none copied by fork. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (atexit(last_words) != 0) {
		errno = ENOMEM;
		unix_error("atexit");
	}
	/* slide: after-start */
	dprocess_init(&p, "child", work, NULL);
	if (dprocess_start(&p) < 0)
		unix_error("dprocess_start");
	printf("parent: started child (daemon=%d)\n", p.daemon);

	errno = 0;
	r = dprocess_set_daemon(&p, 1);
	printf("parent: set_daemon(1) after start: %d %s, daemon=%d\n", r,
	       r < 0 ? strerrorname_np(errno) : "(accepted!)", p.daemon);

	printf("parent: main returns\n");
	/* slide end */
	return 0;
}
