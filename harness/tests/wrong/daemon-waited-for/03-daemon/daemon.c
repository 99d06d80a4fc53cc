/*
 * WRONG (test data): dprocess_shutdown never terminates anybody: it
 * joins every child, daemons too, so the program waits for its daemon's
 * 40 ticks (10 units) and its daemon prints long after main returned.
 */
#include "daemon.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/*
 * This process's started children, newest first (Python's _children).
 * No lock: only this process's one thread touches the list, and fork
 * gives each child its own copy -- which the child empties at once.
 */
static struct dprocess *children;

/* 1 in a daemonic child: Python's current_process().daemon. */
static int i_am_daemonic;

void dprocess_init(struct dprocess *d, const char *name,
		   int (*target)(void *), void *arg)
{
	process_init(&d->proc, name, target, arg);
	/* As Python's Process(): the creator's own flag, 0 in the main program. */
	d->daemon = i_am_daemonic;
	d->child_run = NULL;
	d->next = NULL;
}

int dprocess_set_daemon(struct dprocess *d, int daemonic)
{
	/* Too late once started: the child already runs with the old value. */
	if (d->proc.pid != 0) {
		errno = EINVAL;
		return -1;
	}
	d->daemon = daemonic != 0;
	return 0;
}

/*
 * The first thing the child runs (dprocess_start puts it in proc.run):
 * Python's Process._bootstrap.  p is the child's copy of the dprocess.
 * It never returns.
 */
static int bootstrap(struct process *p)
{
	struct dprocess *d = (struct dprocess *)p;     /* proc is first */
	int code;

	/* The list we inherited holds our siblings: not ours to stop or
	   wait for (we could not wait for them anyway). */
	children = NULL;
	i_am_daemonic = d->daemon;
	code = d->child_run(p);
	/* Our own end, as at any process's exit: our own children. */
	(void)dprocess_shutdown();
	/* _exit: the atexit handlers fork copied are the parent's, not ours
	   to run.  It does not flush stdio, so flush first. */
	fflush(NULL);
	_exit(code);
}

/* atexit wants void (*)(void); nobody is left to tell about an error. */
static void at_exit(void)
{
	(void)dprocess_shutdown();
}

int dprocess_start(struct dprocess *d)
{
	static int registered;  /* at_exit is registered once a process */
	int r;

	if (i_am_daemonic) {
		errno = EPERM;  /* daemonic processes may not have children */
		return -1;
	}
	if (d->proc.pid != 0 || d->proc.run == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (!registered) {
		if (atexit(at_exit) != 0) {
			errno = ENOMEM;
			return -1;
		}
		registered = 1;
	}
	/* The child runs bootstrap, which calls the run we save here. */
	d->child_run = d->proc.run;
	d->proc.run = bootstrap;
	r = process_start(&d->proc);
	d->proc.run = d->child_run;     /* the parent's d looks as before */
	if (r < 0)
		return -1;              /* errno from process_start */
	d->next = children;
	children = d;
	return 0;
}

int dprocess_shutdown(void)
{
	struct dprocess *d;
	int err = 0;

	for (d = children; d != NULL; d = d->next)
		if (process_join(&d->proc, NO_TIMEOUT) < 0 && err == 0)
			err = errno;
	children = NULL;
	if (err != 0) {
		errno = err;
		return -1;
	}
	return 0;
}
