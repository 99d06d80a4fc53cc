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
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)d;
	(void)daemonic;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

/*
 * The first thing the child runs (dprocess_start puts it in proc.run):
 * Python's Process._bootstrap.  p is the child's copy of the dprocess.
 * It never returns.
 */
static int bootstrap(struct process *p)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)p;
	return 1;
	/* ===== END OF YOUR CODE ===== */
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
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)d;
	(void)bootstrap;
	(void)at_exit;
	(void)i_am_daemonic;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int dprocess_shutdown(void)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)children;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}
