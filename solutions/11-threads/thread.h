/*
 * thread.h - a thread object in the shape of Python's threading.Thread.
 *
 *     Python                               C
 *     t = Thread(target=f, args=(a,),      struct thread t;
 *                name="t1")                thread_init(&t, "t1", f, &a);
 *     t.daemon = True                      t.daemon = 1;        (before start)
 *     t.start()                            thread_start(&t);
 *     t.join() / t.join(1.5)               thread_join(&t, NO_TIMEOUT) / thread_join(&t, 1.5);
 *     t.is_alive()                         thread_is_alive(&t);
 *     t.name, t.ident, t.native_id         t.name, t.ident, t.native_id
 *     threading.current_thread()           thread_current();
 *     threading.active_count()             thread_active_count();
 *     threading.enumerate()                thread_enumerate(list, max);
 *     (at exit: wait for non-daemons)      thread_join_non_daemon();  then return from main
 *
 * Where C differs: returning from main (or exit) ends the process and
 * every thread in it, daemon or not.  Python waits for the non-daemon
 * threads first (threading._shutdown); in C main does that itself, by
 * calling thread_join_non_daemon() before it returns.  Daemon threads
 * are detached (pthread_detach): nobody joins them, the process's end
 * ends them.
 *
 * PROVIDED: do not change this file; the grader always uses its own copy.
 * Functions return -1 and set errno on error; none of them prints or exits.
 * They may be called from any thread; thread.c's lock makes that safe.
 * A struct thread must stay valid while its thread runs, and until it is
 * joined (a non-daemon).
 */
#ifndef THREAD_H
#define THREAD_H

#include <pthread.h>
#include <sys/types.h>

#include "proclab.h"         /* NO_TIMEOUT */

struct thread {
	char name[32];                  /* for people; truncated to 31 chars */
	int daemon;                     /* 1: a daemon thread; set before start */
	unsigned long ident;            /* pthread_self() as a number; 0 until started */
	pid_t native_id;                /* the kernel's thread id (gettid); 0 until started */
	void (*target)(void *);         /* what the thread runs */
	void *arg;                      /* target's argument */

	/* thread.c's own: the caller does not touch these. */
	pthread_t tid;                  /* pthread_create's handle */
	int state;                      /* not started, running, ended */
	int joined;                     /* a non-daemon's pthread_join is done */
	struct thread *next;            /* in thread.c's list of threads */
};

/*
 * Set t up, not started: name copied (NULL gives "Thread-N", N = 1, 2,
 * ... counted in the process), daemon flag that of the calling thread
 * (the main thread is not a daemon), ident and native_id 0.
 */
void thread_init(struct thread *t, const char *name, void (*target)(void *), void *arg);

/*
 * Start t: a new thread of this process runs t->target(t->arg); a daemon
 * thread (t->daemon set) is detached.  Returns 0 once the thread is
 * running: t->ident and t->native_id are set and thread_is_alive(t) is 1
 * (Python's start() waits for that too).
 * Errors: -1 with errno EINVAL if t was started before or t->target is
 * NULL (Python: RuntimeError); else pthread_create's error (EAGAIN).
 */
int thread_start(struct thread *t);

/*
 * Wait for t's target to return, at most timeout_units units (fractions
 * allowed).  NO_TIMEOUT waits as long as it takes; 0 only looks, and so
 * does a negative timeout (Python's join(-1) returns at once).
 * Returns 0 when the thread has ended (a non-daemon is then reaped with
 * pthread_join; joining it again returns 0 at once); 1 when the timeout
 * passed first: the thread still runs, and at least timeout_units units
 * have passed.  Daemon threads may be joined too.
 * Errors: -1 with errno EINVAL if t was never started; EDEADLK if t is
 * the calling thread (Python: RuntimeError, "cannot join current thread").
 */
int thread_join(struct thread *t, double timeout_units);

/* 1 from thread_start's return until t's target has returned, else 0. */
int thread_is_alive(struct thread *t);

/*
 * The calling thread's object: the struct thread it was started with, or,
 * in the main thread, thread.c's own one named "MainThread" (daemon 0,
 * ident and native_id the main thread's).
 */
struct thread *thread_current(void);

/* Threads alive now: the main thread and every started thread whose
   target has not returned (Python's active_count()). */
int thread_active_count(void);

/*
 * Up to max threads alive now into list, the main thread first, then the
 * others in the order they were started (Python's enumerate()).
 * Returns how many it put there.
 */
int thread_enumerate(struct thread **list, int max);

/*
 * Wait until every non-daemon thread has ended, and reap them (threads
 * started meanwhile too): what Python does at exit before the process
 * ends.  Call it last in main; daemon threads are not waited for.
 * Returns 0.  Errors: EDEADLK when called from a non-daemon thread other
 * than the main thread (it would wait for itself).
 */
int thread_join_non_daemon(void);

#endif
