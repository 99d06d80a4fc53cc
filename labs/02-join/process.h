/*
 * process.h - a process object in the shape of Python's multiprocessing.Process.
 *
 *     Python                               C
 *     p = Process(target=f, args=(a,),     struct process p;
 *                 name="p1")               process_init(&p, "p1", f, &a);
 *     p.start()                            process_start(&p);
 *     p.join() / p.join(1.5)               process_join(&p, -1) / process_join(&p, 1.5);
 *     p.is_alive()                         process_is_alive(&p);
 *     p.exitcode                           process_exitcode(&p, &code);
 *     p.terminate()                        process_terminate(&p);
 *     p.name, p.pid                        p.name, p.pid
 *     class C(Process): def run(self)      struct c { struct process proc; ... };
 *                                          c.proc.run = c_run;
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

struct process {
	char name[32];                  /* for people; truncated to 31 chars */
	pid_t pid;                      /* 0 until started; the child's pid after.
					   Inside the child: its own pid. */
	int (*run)(struct process *);   /* what the child executes; its return
					   value (0..255) is the exit status */
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
 * Start p: fork a child that executes p->run(p) and exits with its return
 * value, like Python's start().  stdio buffers are flushed before the fork
 * (so nothing buffered is printed twice), and the child ends with exit(),
 * which flushes what it printed.  The child never returns from
 * process_start.
 * Returns 0 in the parent once the child exists (p->pid set).
 * Errors: -1 with errno EINVAL if p was already started or p->run is NULL,
 * or fork's errno (EAGAIN, ENOMEM).
 */
int process_start(struct process *p);

/*
 * Wait for p's child to end, at most timeout_units units (fractions
 * allowed); timeout_units < 0 waits as long as it takes, 0 only looks.
 * Returns 0 when the child has ended: it is reaped and its exit code is
 * stored (joining a finished process again returns 0 at once).
 * Returns 1 when the timeout passed first; the child still runs, and at
 * least timeout_units units have passed.  (Python's join returns None in
 * both cases; its caller asks is_alive().)
 * Errors: -1 with errno EINVAL if p was never started, else the errno of
 * the failing call.  A signal arriving meanwhile does not end the wait.
 */
int process_join(struct process *p, double timeout_units);

/*
 * 1 if p was started and its child has not ended, 0 if it was never
 * started or has ended (an ended child is reaped here, and its exit code
 * stored, as Python's is_alive() does).  -1 with errno on error.
 */
int process_is_alive(struct process *p);

/*
 * Python's exitcode.  When p's child has ended and was reaped (by
 * process_join or process_is_alive): 0, and *code = its exit status
 * (0..255) or -N when signal N killed it (-15 for SIGTERM).
 * Otherwise (never started, or not reaped yet: Python's None): -1 with
 * errno EAGAIN; join first.
 */
int process_exitcode(const struct process *p, int *code);

/*
 * Ask p's child to stop: send it SIGTERM, like Python's terminate().
 * Does not wait: join afterwards to collect the exit code (-15).
 * Returns 0, also when the child has already been reaped (then nothing is
 * sent: its pid may belong to another process by now).
 * Errors: -1 with errno EINVAL if p was never started, or kill's errno.
 */
int process_terminate(struct process *p);

#endif
