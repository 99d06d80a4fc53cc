/*
 * RIGHT (test data), written unlike the reference: the children are kept
 * in a growing array, not a linked list through d->next; the child's copy
 * is emptied by a pthread_atfork handler rather than in bootstrap; the
 * shutdown stops and joins them in the order they were started.
 * Must get full marks.
 */
#include "daemon.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static struct dprocess **kids;  /* this process's started children */
static int nkids, cap;
static int daemonic;            /* 1 in a daemonic child */

void dprocess_init(struct dprocess *d, const char *name,
		   int (*target)(void *), void *arg)
{
	process_init(&d->proc, name, target, arg);
	/* As Python's Process(): the creator's own flag, 0 in the main program. */
	d->daemon = daemonic;
	d->child_run = NULL;
	d->next = NULL;
}

int dprocess_set_daemon(struct dprocess *d, int on)
{
	if (d->proc.pid != 0) {
		errno = EINVAL;
		return -1;
	}
	d->daemon = on != 0;
	return 0;
}

/* In every new child: the parent's children are not its own. */
static void forget_kids(void)
{
	free(kids);
	kids = NULL;
	nkids = cap = 0;
}

static int bootstrap(struct process *p)
{
	struct dprocess *d = (struct dprocess *)p;
	int code;

	daemonic = d->daemon;
	code = d->child_run(p);
	dprocess_shutdown();
	fflush(NULL);
	_exit(code);            /* not exit: the parent's atexit handlers */
}

static void at_exit(void)
{
	dprocess_shutdown();
}

int dprocess_start(struct dprocess *d)
{
	static int ready;
	int r;

	if (daemonic) {
		errno = EPERM;
		return -1;
	}
	if (d->proc.pid != 0 || d->proc.run == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (nkids == cap) {     /* room first: nothing to undo after the fork */
		struct dprocess **k = realloc(kids, (cap ? 2 * cap : 8) * sizeof *k);

		if (k == NULL)
			return -1;
		kids = k;
		cap = cap ? 2 * cap : 8;
	}
	if (!ready) {
		if ((r = pthread_atfork(NULL, NULL, forget_kids)) != 0) {
			errno = r;
			return -1;
		}
		if (atexit(at_exit) != 0) {
			errno = ENOMEM;
			return -1;
		}
		ready = 1;
	}
	d->child_run = d->proc.run;
	d->proc.run = bootstrap;
	r = process_start(&d->proc);
	d->proc.run = d->child_run;
	if (r < 0)
		return -1;
	kids[nkids++] = d;
	return 0;
}

int dprocess_shutdown(void)
{
	int err = 0;

	for (int i = 0; i < nkids; i++)
		if (kids[i]->daemon && process_terminate(&kids[i]->proc) < 0 && !err)
			err = errno;
	for (int i = 0; i < nkids; i++)
		if (process_join(&kids[i]->proc, NO_TIMEOUT) < 0 && !err)
			err = errno;
	nkids = 0;
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}
