/*
 * lock.h - a lock shared by processes, in the shape of Python's
 * multiprocessing.Lock.
 *
 *     Python                               C
 *     lock = Lock()                        struct lock *lock = lock_create();
 *     lock.acquire()                       lock_acquire(lock);
 *     lock.acquire(blocking=False)         lock_try_acquire(lock);      -> 0 or 1
 *     lock.acquire(timeout=1.5)            lock_acquire_timeout(lock, 1.5);
 *     lock.acquire(timeout=None)           lock_acquire_timeout(lock, NO_TIMEOUT);
 *     lock.release()                       lock_release(lock);
 *     with lock: ...                       lock_acquire(lock); ...; lock_release(lock);
 *     lock.locked()  (Python 3.14)         lock_holder(lock) != 0
 *     (lock is garbage-collected)          lock_destroy(lock);
 *
 * PROVIDED: do not change this file; the grader always uses its own copy.
 *
 * What may be assumed:
 *   - lock_create is called BEFORE fork: the lock lives in memory that
 *     every process forked afterwards shares with its parent (a lock made
 *     after a fork is the caller's alone);
 *   - the holder of a lock is a process, known by its pid; one thread per
 *     process uses a lock;
 *   - a process that dies holding the lock leaves it held (Python's Lock
 *     does the same); this lab never tests that case.
 *
 * Functions return -1 and set errno on error; none of them prints or
 * exits.  Times are in units (common/proclab.h: unit_ms, now_units).
 */
#ifndef LOCK_H
#define LOCK_H

#include <sys/types.h>

#include "proclab.h"         /* NO_TIMEOUT */

/* Opaque: its fields are lock.c's business, and it lives in shared memory. */
struct lock;

/*
 * A new lock, free, in memory shared with every process forked after this
 * call.  Returns NULL with errno set on error (mmap's or the lock
 * primitive's: ENOMEM, ...), leaving nothing allocated.
 */
struct lock *lock_create(void);

/*
 * Wait as long as it takes for the lock, then hold it: the caller becomes
 * the holder (lock_holder returns its pid).  A signal arriving meanwhile
 * does not end the wait.
 * Returns 0 once the caller holds it.
 * Errors: -1 with errno EDEADLK if the caller already holds it (the lock
 * is not recursive: waiting for yourself would never end); else the
 * errno of the failing call.
 */
int lock_acquire(struct lock *l);

/*
 * Take the lock only if it is free right now; never wait.
 * Returns 0 when the caller now holds it, 1 when another process holds
 * it (Python's acquire(blocking=False) returning False).
 * Errors: -1 with errno EDEADLK if the caller already holds it.
 */
int lock_try_acquire(struct lock *l);

/*
 * Wait at most timeout_units units (fractions allowed) for the lock.
 * NO_TIMEOUT (common/proclab.h) waits as long as it takes (lock_acquire);
 * 0 only tries (lock_try_acquire), and so does a negative timeout, as
 * multiprocessing's Lock.acquire(timeout=-1) does (threading's Lock, by
 * contrast, waits forever on -1).
 * Returns 0 when the caller now holds it, as soon as it is released by
 * its holder; 1 when the timeout passed first: then at least
 * timeout_units units have passed since the call, and the caller does not
 * hold the lock.  A signal arriving meanwhile does not cut the wait short.
 * Errors: -1 with errno EDEADLK if the caller already holds it; else the
 * errno of the failing call.
 */
int lock_acquire_timeout(struct lock *l, double timeout_units);

/*
 * Give the lock up: it becomes free, and one waiting process (if any)
 * gets it.  Returns 0.
 * Errors: -1 with errno EPERM if the caller does not hold the lock (it is
 * free, or another process holds it); the lock is left as it was.
 */
int lock_release(struct lock *l);

/*
 * The pid of the process holding the lock, or 0 when it is free.  Any
 * process that shares the lock may ask; the answer is a snapshot (another
 * process may take or give up the lock right after).
 */
pid_t lock_holder(struct lock *l);

/*
 * Free the lock and its memory.  Called once, by the process that created
 * it, when no process uses the lock any more (after joining the
 * children; a child just exits).  l is invalid afterwards.
 * Returns 0.  Errors: -1 with errno EBUSY if some process holds the lock
 * (nothing is freed), else the errno of the failing call.
 */
int lock_destroy(struct lock *l);

#endif
