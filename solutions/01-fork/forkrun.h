/*
 * forkrun.h - run a function in a child process; collect its exit status.
 *
 * Provided: do not change it (the grader uses its own copy).
 * You write forkrun.c.
 *
 * Python:	pid = os.fork()
 *		if pid == 0:
 *			sys.exit(fn(arg))
 *		_, status = os.waitpid(pid, 0)
 *		code = os.waitstatus_to_exitcode(status)	# -signo if killed
 */
#ifndef FORKRUN_H
#define FORKRUN_H

#include <sys/types.h>

/*
 * fork_run - call fn(arg) in a new child process.
 *
 * First flushes every stdio output stream (fflush(NULL)), so text the
 * caller printed but has not yet written is not copied into the child and
 * written twice.  Then forks.  The child calls exit(fn(arg)) and never
 * returns: exit, not _exit, so what the child printed is flushed too.
 *
 * Returns: in the parent, the child's pid (> 0).
 * Error:   -1 with errno set (from fork or the flush); no child exists.
 */
pid_t fork_run(int (*fn)(void *), void *arg);

/*
 * wait_exit - wait until child pid ends; return how it ended.
 *
 * Blocks until the child exits and reaps it (no zombie is left).  A
 * signal that interrupts the wait (EINTR) does not end it: it waits on.
 * May assume: pid > 0.
 *
 * Returns: the child's exit status 0..255 (fn's return value, mod 256),
 *          or -signo when a signal killed it (-9 for SIGKILL), like
 *          Python's exitcode.
 * Error:   -1 with errno set, e.g. ECHILD when pid is not a child of the
 *          caller or was already reaped.  (-1 is also -SIGHUP; the labs'
 *          children are never killed by SIGHUP.)
 */
int wait_exit(pid_t pid);

#endif
