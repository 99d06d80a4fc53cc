/*
 * daemon.c - daemonic children (see daemon.h for each contract).
 *
 * YOUR FILE: write the four functions between the markers.  They are
 * built on YOUR lab 02 process.c: call process_start, process_join and
 * process_terminate, do not repeat them.  Keep the contracts in daemon.h:
 * return -1 with errno on error; never print, never exit (only the child,
 * at the end of bootstrap, exits).
 *
 * Helpers of yours should be `static`: only the functions the header
 * declares may be global.  The grader makes any other global name of
 * this file local (and notes it, ungraded); a global named like one of
 * the C library or the test runner (write, printf, malloc, main,
 * srunner_run_all ...) is refused: the lab would score 0.
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
	/* BEGIN STUDENT CODE */
	/* Too late once started: the child already runs with the old value. */
	if (d->proc.pid != 0) {
		errno = EINVAL;
		return -1;
	}
	d->daemon = daemonic != 0;
	return 0;
	/* STUB:
	(void)d;
	(void)daemonic;
	errno = ENOSYS;
	return -1;
	END STUDENT CODE */
}

/*
 * The first thing the child runs (dprocess_start puts it in proc.run):
 * Python's Process._bootstrap.  p is the child's copy of the dprocess.
 * It never returns.
 */
static int bootstrap(struct process *p)
{
	/* BEGIN STUDENT CODE */
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
	/* STUB:
	(void)p;
	return 1;
	END STUDENT CODE */
}

/* atexit wants void (*)(void); nobody is left to tell about an error. */
static void at_exit(void)
{
	(void)dprocess_shutdown();
}

/* (The stubs name bootstrap, at_exit, i_am_daemonic and children only to
   silence "defined but not used" until your code uses them.) */
int dprocess_start(struct dprocess *d)
{
	/* BEGIN STUDENT CODE */
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
	/* STUB:
	(void)d;
	(void)bootstrap;
	(void)at_exit;
	(void)i_am_daemonic;
	errno = ENOSYS;
	return -1;
	END STUDENT CODE */
}

int dprocess_shutdown(void)
{
	/* BEGIN STUDENT CODE */
	struct dprocess *d;
	int err = 0;

	/* First stop every daemon, so that none runs on while we wait. */
	for (d = children; d != NULL; d = d->next)
		if (d->daemon && process_terminate(&d->proc) < 0 && err == 0)
			err = errno;
	/* Then wait for everyone: a terminated daemon must still be reaped
	   (and a joined child returns at once). */
	for (d = children; d != NULL; d = d->next)
		if (process_join(&d->proc, NO_TIMEOUT) < 0 && err == 0)
			err = errno;
	children = NULL;
	if (err != 0) {
		errno = err;
		return -1;
	}
	return 0;
	/* STUB:
	(void)children;
	errno = ENOSYS;
	return -1;
	END STUDENT CODE */
}
