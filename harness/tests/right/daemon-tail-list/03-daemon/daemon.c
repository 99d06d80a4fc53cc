/*
 * RIGHT (test data), written unlike the reference: the list keeps the
 * children oldest first (appended at its tail); the shutdown asks each
 * daemon's exit code before it signals it (one that ended by itself is
 * reaped there and keeps its code), then takes each child off the list as
 * it joins it; bootstrap finds its dprocess with offsetof, not a cast.
 * Must get full marks.
 */
#include "daemon.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
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
		if (d->proc.pid != 0) {         /* started: the child was told already */
		errno = EINVAL;
		return -1;
	}
	d->daemon = !!daemonic;
	return 0;
}

/*
 * The first thing the child runs (dprocess_start puts it in proc.run):
 * Python's Process._bootstrap.  p is the child's copy of the dprocess.
 * It never returns.
 */
static int bootstrap(struct process *p)
{
		/* proc is the first member: p is the child's copy of the dprocess. */
	struct dprocess *d = (struct dprocess *)((char *)p - offsetof(struct dprocess, proc));
	int code;

	children = NULL;                /* the parent's children are siblings */
	i_am_daemonic = d->daemon;
	code = d->child_run(p);
	(void)dprocess_shutdown();      /* this child's own children */
	fflush(NULL);
	_exit(code & 0xff);
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
		static int registered;          /* atexit(at_exit) done in this process */
	struct dprocess **tail;
	int (*run)(struct process *);
	int r, e;

	if (i_am_daemonic) {
		errno = EPERM;
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
	run = d->proc.run;
	d->child_run = run;
	d->proc.run = bootstrap;
	r = process_start(&d->proc);
	e = errno;
	d->proc.run = run;
	if (r < 0) {
		d->child_run = NULL;
		errno = e;
		return -1;
	}
	/* Oldest first: append at the tail. */
	d->next = NULL;
	for (tail = &children; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = d;
	return 0;
}

int dprocess_shutdown(void)
{
		struct dprocess *d;
	int code, first = 0;

	/* Pass 1: SIGTERM to every daemon still running.  process_exitcode
	   reaps one that already ended, so it keeps its own exit code. */
	for (d = children; d != NULL; d = d->next) {
		if (!d->daemon)
			continue;
		if (process_exitcode(&d->proc, &code) == 0)
			continue;
		if (errno != EAGAIN) {
			if (first == 0)
				first = errno;
			continue;
		}
		if (process_terminate(&d->proc) < 0 && first == 0)
			first = errno;
	}
	/* Pass 2: take each child off the list and reap it. */
	while ((d = children) != NULL) {
		children = d->next;
		d->next = NULL;
		if (process_join(&d->proc, NO_TIMEOUT) < 0 && first == 0)
			first = errno;
	}
	if (first != 0) {
		errno = first;
		return -1;
	}
	return 0;
}
