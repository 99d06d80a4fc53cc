/*
 * process.h - a process object in the shape of Python's multiprocessing.Process.
 *
 *     Python                               C
 *     p = Process(target=f, args=(a,),     struct process p;
 *                 name="p1")               process_init(&p, "p1", f, &a);
 *     p.start()                            process_start(&p);
 *     p.join() / p.join(1.5)               process_join(&p, NO_TIMEOUT) / process_join(&p, 1.5);
 *     p.is_alive()                         process_is_alive(&p);
 *     p.exitcode                           process_exitcode(&p, &code);
 *     p.terminate()                        process_terminate(&p);
 *     p.name, p.pid                        p.name, p.pid
 *     class C(Process): def run(self)      struct c { struct process proc; ... };
 *                                          c.proc.run = c_run;
 *     sys.exit(n) at the end of target    return n from target (or run)
 *
 * One choice C makes that Python does not: the value the target (or run)
 * returns becomes the child's exit status.  Python ignores a target's
 * return value (exitcode 0); the C "return n" stands for Python's
 * sys.exit(n) as the target's last line.
 *
 * PROVIDED: do not change this file; the grader always uses its own copy.
 * Functions return -1 and set errno on error; none of them prints or exits.
 * One thread drives a struct process: the functions are not thread-safe,
 * and only the process that started a child may join it (only a parent
 * can wait for its child).
 */
#ifndef PROCESS_H
#define PROCESS_H

#include <sys/types.h>

#include "proclab.h"         /* NO_TIMEOUT */

struct process {
	char name[32];                  /* for people; truncated to 31 chars */
	pid_t pid;                      /* 0 until started; the child's pid after.
					   Inside the child: its own pid. */
	int (*run)(struct process *);   /* what the child executes; its return
					   value (0..255) is the exit status,
					   as sys.exit(n) is in Python */
	int (*target)(void *);          /* called by the default run */
	void *arg;                      /* target's argument */
	int exitcode;                   /* valid only when finished is 1 */
	int finished;                   /* 1 once the parent has reaped the child */
};

/*
 * Set p up, not started: name copied (NULL gives "Process"), pid 0,
 * run = a default run that returns target(arg) (0 when target is NULL).
 * To override run (Python's subclass style) assign p->run after this call.
 */
void process_init(struct process *p, const char *name,
		  int (*target)(void *), void *arg);

/*
 * Start p: fork a child that executes p->run(p) and ends with its return
 * value as exit status, like Python's start() with the fork start method.
 * stdio buffers are flushed before the fork (so nothing buffered is
 * printed twice).  The child ends as Python's does: its stdin reads from
 * /dev/null, and once run returns it flushes stdio (what it printed is
 * not lost) and ends with _exit(), not exit(): fork copied the parent's
 * atexit handlers, and they are not the child's to run.  The child never
 * returns from process_start.
 * Returns 0 in the parent once the child exists (p->pid set).
 * Errors: -1 with errno EINVAL if p was already started or p->run is NULL,
 * or fork's errno (EAGAIN, ENOMEM).  (A failed flush is not an error: as
 * in Python, the child is started anyway.)
 */
int process_start(struct process *p);

/*
 * Wait for p's child to end, at most timeout_units units (fractions
 * allowed).  NO_TIMEOUT (common/proclab.h; Python's join()) waits as long
 * as it takes; 0 only looks, and so does a negative timeout, as in
 * Python (join(-1) returns at once).
 * Returns 0 when the child has ended: it is reaped and its exit code is
 * stored (joining a finished process again returns 0 at once).
 * Returns 1 when the timeout passed first; the child still runs, and at
 * least timeout_units units have passed.  (Python's join returns None in
 * both cases; its caller asks is_alive().)
 * Errors: -1 with errno EINVAL if p was never started; EDEADLK if p is
 * the calling process itself (inside its own run: waiting for yourself
 * would never end; Python asserts "can only join a child process"); else
 * the errno of the failing call.  A signal arriving meanwhile does not
 * end the wait.
 */
int process_join(struct process *p, double timeout_units);

/*
 * 1 if p was started and its child has not ended, 0 if it was never
 * started or has ended (an ended child is reaped here, and its exit code
 * stored, as Python's is_alive() does).  Inside p's own run (p is the
 * calling process): 1.  -1 with errno on error.
 */
int process_is_alive(struct process *p);

/*
 * Python's exitcode.  It looks without waiting, as Python's does (a
 * waitpid with WNOHANG): a child that has ended is reaped here and its
 * exit code stored, so the exit code is known as soon as the child has
 * ended, joined or not -- a loop "while exitcode fails with EAGAIN, do
 * something else" ends.  When the child has ended: 0, and *code = its
 * exit status (0..255) or -N when signal N killed it (-15 for SIGTERM).
 * When it was never started, or still runs (Python's None): -1 with
 * errno EAGAIN.  Else -1 with the errno of the failing call.
 */
int process_exitcode(struct process *p, int *code);

/*
 * Ask p's child to stop: send it SIGTERM, like Python's terminate().
 * Does not wait: join afterwards to collect the exit code (-15).
 * Returns 0, also when the child has already been reaped (then nothing is
 * sent: its pid may belong to another process by now).
 * Errors: -1 with errno EINVAL if p was never started, or kill's errno.
 */
int process_terminate(struct process *p);

#endif
