/*
 * proclab.h - helpers shared by every lab's programs.
 *
 * Two jobs, both in the style of CS:APP's csapp.h:
 *   - time in "units": every timed program sleeps in units of
 *     PROCLAB_UNIT_MS milliseconds (default 1000, the seeds' seconds),
 *     so the grader can run a whole course at a small unit;
 *   - checked wrappers: a capitalised call (Fork, Waitpid, ...) does the
 *     system call, retries it on EINTR where that is safe, and on any
 *     other error prints the call's name with strerror(errno) and exits 1.
 *
 * Library code that students write does NOT use the wrappers: it returns
 * -1 and sets errno, so its caller decides.  Only programs exit.
 */
#ifndef PROCLAB_H
#define PROCLAB_H

#include <math.h>          /* HUGE_VAL: a constant, no -lm needed */
#include <sys/types.h>

/*
 * "No timeout": wait as long as it takes.  Pass it where Python passes
 * timeout=None (join(), acquire()).  It is +infinity, so it compares
 * greater than any real timeout.  A NEGATIVE timeout is not "forever": as
 * in Python (join(-1), multiprocessing's Lock.acquire(timeout=-1)) it
 * counts as 0, a call that only looks and never waits.
 */
#define NO_TIMEOUT HUGE_VAL

/* Milliseconds in one unit: PROCLAB_UNIT_MS, or 1000 when unset or bad. */
long unit_ms(void);

/* Sleep for u units (fractions allowed); restarts after a signal. */
void sleep_units(double u);

/* Monotonic time in units since an arbitrary fixed point. */
double now_units(void);

/* Print "msg: strerror(errno)" to stderr and exit(1). */
void unix_error(const char *msg);

/* Checked wrappers: exit(1) with a message on error. */
pid_t Fork(void);
pid_t Waitpid(pid_t pid, int *status, int options);  /* retries EINTR */

#endif
