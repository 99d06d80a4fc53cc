/*
 * daemon.h - daemonic children, in the shape of Python's p.daemon.
 *
 *     Python                               C
 *     p = Process(target=f, args=(a,),     static struct dprocess p;
 *                 name="p1")               dprocess_init(&p, "p1", f, &a);
 *     p.daemon = True                      dprocess_set_daemon(&p, 1);
 *     p.start()                            dprocess_start(&p);
 *     p.join(), p.exitcode, p.terminate()  lab 02's calls on &p.proc
 *     p.join() waits forever               process_join(&p.proc, NO_TIMEOUT)
 *     (at the program's end: terminate     dprocess_shutdown(), which the
 *      every daemonic child, then join     first dprocess_start registers
 *      every child)                        with atexit()
 *
 * A struct dprocess is lab 02's struct process plus a daemon flag: the
 * grader builds this lab with YOUR 02-join/process.c.
 *
 * PROVIDED: do not change this file; the grader always uses its own copy.
 * Functions return -1 and set errno on error; none of them prints or exits
 * (only a started child exits, when its run is over).
 * One thread drives them (they are not thread-safe).
 *
 * LIFETIME: dprocess_start remembers a pointer to d until the shutdown, and
 * the shutdown runs from atexit, AFTER main has returned, when main's local
 * variables are gone.  So a started dprocess must outlive main: make it
 * static or global (as Python's module-level list of children keeps every
 * started Process alive), or call dprocess_shutdown() yourself while it
 * still exists.
 */
#ifndef DAEMON_H
#define DAEMON_H

#include "process.h"

struct dprocess {
	struct process proc;    /* first: lab 02's object, so join, is_alive,
				   exitcode and terminate work on &d->proc */
	int daemon;             /* Python's p.daemon: 1 = terminated when the
				   parent exits, 0 = joined; set before start */
	int (*child_run)(struct process *);
				/* the run the child calls (start saves
				   proc.run here, see dprocess_start) */
	struct dprocess *next;  /* the starting process's list of its children */
};

/*
 * Set d up, not started: process_init(&d->proc, name, target, arg), and
 * daemon = the calling process's own flag, as Python's Process() copies
 * its creator's: 0 in the main program and in a non-daemonic child, 1 in
 * a daemonic child (where dprocess_start then fails with EPERM anyway).
 * To override run (the subclass style) assign d->proc.run after this
 * call, as in lab 02.
 */
void dprocess_init(struct dprocess *d, const char *name,
		   int (*target)(void *), void *arg);

/*
 * Python's p.daemon = daemonic: d->daemon = (daemonic != 0).  Only before
 * start: Python asserts "process has already started".
 * Returns 0.  Errors: -1 with errno EINVAL once d was started (running or
 * finished), and the flag is left as it was.
 */
int dprocess_set_daemon(struct dprocess *d, int daemonic);

/*
 * Start d like process_start(&d->proc), and remember it in this process's
 * list of children, for dprocess_shutdown.  The first call in a process
 * that passes the checks below (EPERM, EINVAL) registers dprocess_shutdown
 * with atexit(), before it forks; once registered, it stays registered,
 * even when that fork then fails (atexit cannot be undone; at exit a
 * shutdown with no children does nothing), and no later call registers
 * it again.
 * The child does what Python's Process._bootstrap does: it empties its
 * copy of the list (the parent's children are its siblings, not its
 * children), remembers whether it is daemonic, calls d's run, then runs
 * dprocess_shutdown for its OWN children, flushes stdio and ends with
 * _exit(run's return value) -- not exit(): fork copied the parent's atexit
 * handlers too, and they are not the child's to run.
 * Returns 0 in the parent once the child exists; the parent's d is as
 * before apart from pid (its run pointer too).
 * Errors: -1 with errno
 *   EPERM   the calling process is itself a daemonic child: "daemonic
 *           processes are not allowed to have children" (Python asserts);
 *   EINVAL  d was already started, or d->proc.run is NULL;
 *   else the errno of atexit (ENOMEM) or of process_start (EAGAIN, ...).
 * When it fails, d is not in the list and is as before (pid 0, its run);
 * the atexit registration above is the one thing a failed call may leave.
 */
int dprocess_start(struct dprocess *d);

/*
 * What Python does at a program's exit: first terminate (SIGTERM) every
 * daemonic child that has not been reaped, then join every child --
 * daemonic ones too, to reap them (their exitcode becomes -15 unless they
 * had already ended by themselves) -- and forget them all.  In that order,
 * so that no daemon goes on running while the program waits for the
 * others.  A child already joined by the caller is skipped.
 * Runs by itself at exit (atexit, see dprocess_start); calling it earlier
 * is allowed, and a second call finds nothing to do.
 * Returns 0.  Errors: -1 with the errno of the first process_terminate or
 * process_join that failed; it still handles every other child.
 */
int dprocess_shutdown(void);

#endif
