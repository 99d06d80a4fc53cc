/*
 * pool.h - a fixed pool of worker processes, in the shape of Python's
 * multiprocessing.Pool.
 *
 *     Python                                   C
 *     p = Pool(5)                              p = pool_create(5);
 *     p.apply(f, (x,))                         pool_apply(p, f, x, &y);
 *     r = p.apply_async(f, (x,))               r = pool_apply_async(p, f, x, NULL, NULL);
 *     r = p.apply_async(f, (x,), callback=cb)  r = pool_apply_async(p, f, x, cb, ctx);
 *     r.get()                                  pool_get(r, NO_TIMEOUT, &y);
 *     r.get(timeout=1.5)                       pool_get(r, 1.5, &y);   -> ETIMEDOUT
 *     r.ready()                                pool_ready(r)
 *     (r is garbage-collected)                 pool_result_free(r);
 *     ys = p.map(f, xs, chunksize=4)           pool_map(p, f, xs, n, 4, ys);
 *     ys = p.map(f, xs)                        pool_map(p, f, xs, n, 0, ys);
 *     p.close(); p.join()                      pool_close(p); pool_join(p);
 *     p.terminate()                            pool_terminate(p);
 *     with Pool(5) as p: ...                   p = pool_create(5); ...; pool_terminate(p);
 *     (leaving the with-block terminates)      pool_free(p);
 *     f raises an exception; get re-raises it  f returns an error number; get returns
 *                                              -1 with errno set to it
 *     ValueError (Pool(0), after close)        -1 (or NULL) with errno EINVAL
 *
 * PROVIDED: do not change this file; the grader always uses its own copy.
 *
 * Tasks.  A task is a C function `int f(long x, long *y)`: it computes
 * *y from x and returns 0, or returns an error number (EDOM, ERANGE ...:
 * what Python's f would raise) and its *y is not used.  The workers are
 * forked by pool_create, so they have the parent's code: a function
 * pointer means the same function there.  A task runs in a worker, so
 * what it changes in memory stays in that worker (lab 01); only *y and
 * the error number come back.  What a task prints is the worker's output.
 *
 * Callbacks.  `void cb(long y, void *ctx)` runs in the PARENT, once, when
 * the task succeeded (never on an error: Python's error_callback is not
 * mirrored), and before pool_get of that result returns.  Here, as in
 * Python, it runs on the pool's result-handler thread: keep it short (the
 * next results wait for it), and call no pool_* function from it.
 *
 * What may be assumed: one thread of the parent calls the pool_*
 * functions of a pool (callbacks run on the pool's own thread); a task
 * returns (it does not exit, crash or wait for another task).
 *
 * Functions return -1 (or NULL) and set errno on error; none of them
 * prints or exits.  Times are in units (common/proclab.h).
 */
#ifndef POOL_H
#define POOL_H

#include <stddef.h>
#include <sys/types.h>

#include "proclab.h"            /* NO_TIMEOUT */

/* The most items of a map one worker takes at once (see pool_map). */
#define POOL_CHUNK_MAX 1024

/* A task: 0 and *y set, or an error number (see above). */
typedef int pool_fn(long x, long *y);

/* A callback: the task's result y and the ctx given with the task. */
typedef void pool_callback(long y, void *ctx);

struct pool;                    /* opaque: pool.c's business */
struct pool_result;             /* one apply_async's result (AsyncResult) */

/*
 * A pool of `processes` worker processes, all started now and kept until
 * the pool ends (a worker runs task after task; no process per task).
 * Flushes stdio first (the workers would inherit unwritten output).
 * Returns NULL with errno: EINVAL when processes < 1 (Python's
 * ValueError "Number of processes must be at least 1"), or the errno of
 * the failing call, leaving nothing behind.
 */
struct pool *pool_create(int processes);

/*
 * Queue f(x) and return at once; the result comes back through the
 * returned object.  cb (may be NULL) runs with ctx when f succeeds.
 * Never more than `processes` tasks run at once; while tasks wait, every
 * worker is busy.  Tasks start in the order they were submitted.
 * Returns NULL with errno EINVAL after pool_close or pool_terminate
 * (Python's ValueError "Pool not running"); may wait for room when a
 * great many tasks (tens of thousands) already wait.
 */
struct pool_result *pool_apply_async(struct pool *p, pool_fn *f, long x,
				     pool_callback *cb, void *ctx);

/*
 * Wait at most timeout units for r's task (NO_TIMEOUT: as long as it
 * takes; 0 or less: only look).  Returns 0 with *y set when f succeeded,
 * after r's callback (if any) has returned.  Errors: -1 with errno
 * = f's error number when f failed (every call says so again);
 * ETIMEDOUT when the timeout passed first (Python's TimeoutError; r is
 * still pending); ECANCELED when the pool was terminated before the task
 * finished (Python's get would wait for ever).
 */
int pool_get(struct pool_result *r, double timeout, long *y);

/* 1 when r's result is in (pool_get will not wait), else 0. */
int pool_ready(struct pool_result *r);

/*
 * Free r.  Only a finished result may be freed: -1 with EBUSY while r's
 * task is pending (the pool still writes into it).  NULL: returns 0.
 */
int pool_result_free(struct pool_result *r);

/*
 * pool_apply_async(p, f, x, NULL, NULL), then wait for it (Python's
 * apply).  Returns 0 with *y set, or -1 with errno: f's error number, or
 * EINVAL after close / terminate.
 */
int pool_apply(struct pool *p, pool_fn *f, long x, long *y);

/*
 * ys[i] = f(xs[i]) for i < n, the work cut into chunks of `chunksize`
 * items (0: Python's default, n / (4 * processes) rounded up; at most
 * POOL_CHUNK_MAX, the most a worker takes at once), each chunk
 * run by one worker, the chunks spread over all workers.  ys is in the
 * order of xs, whatever order the tasks finish in.  Waits until every
 * item is done, even when one failed (the pool writes into ys until
 * then).  Returns 0, or -1 with errno: the error number of the first
 * failed item in input order (its ys[i] is not set; the others are);
 * EINVAL after close / terminate.  n = 0 returns 0 at once.
 */
int pool_map(struct pool *p, pool_fn *f, const long *xs, size_t n,
	     size_t chunksize, long *ys);

/*
 * No more tasks (Python's close): submitting after it is EINVAL.  The
 * tasks already queued still run.  Does not wait.
 */
int pool_close(struct pool *p);

/*
 * Wait until every queued task has run and every worker has exited and
 * been reaped (Python's join).  Only after pool_close or pool_terminate:
 * else -1 with EINVAL (Python's ValueError "Pool is still running").
 * Every callback has run when it returns.
 */
int pool_join(struct pool *p);

/*
 * Stop now (Python's terminate, and leaving `with Pool() as p:`): the
 * workers are killed (SIGTERM) and reaped at once, however many tasks
 * wait; tasks not finished never run, and their pool_get returns
 * ECANCELED.  Returns 0; calling it again, or after join, does nothing.
 */
int pool_terminate(struct pool *p);

/*
 * Free the pool.  A pool not yet joined is terminated first (as leaving a
 * with-block does).  Leaves no process, thread or descriptor behind.
 * Results not freed stay the caller's: pool_result_free and pool_ready
 * work on them afterwards, pool_get does not.  NULL: returns 0.
 */
int pool_free(struct pool *p);

#endif
