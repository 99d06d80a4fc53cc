/*
 * 3-acquire-timeout.c - acquire(timeout=...): wait, but not forever.
 *
 *     lock.acquire()                                # the parent holds it
 *     child 1: lock.acquire(timeout=1)   -> False after 1 unit
 *     child 2: lock.acquire(timeout=10)  -> True as soon as the parent
 *                                           releases, 1 unit later
 */
#include "lock.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

/* Child n waits at most t units for the lock. */
static void wait_for(struct lock *lock, int n, double t)
{
	int r;

	printf("child %d: acquire(timeout=%g) ...\n", n, t);
	if ((r = lock_acquire_timeout(lock, t)) < 0)
		unix_error("lock_acquire_timeout");
	if (r == 1) {
		printf("child %d: timed out\n", n);
		return;
	}
	printf("child %d: acquired\n", n);
	if (lock_release(lock) < 0)
		unix_error("lock_release");
}

int main(void)
{
	struct lock *lock;      /* held by the parent while the children wait */
	pid_t pid;

	/* Line-buffered: each line is written when it happens. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((lock = lock_create()) == NULL)
		unix_error("lock_create");
	if (lock_acquire(lock) < 0)
		unix_error("lock_acquire");
	printf("parent: holding the lock\n");

	/* Child 1 gives up: the parent holds on until it has. */
	if ((pid = Fork()) == 0) {
		wait_for(lock, 1, 1);
		exit(0);
	}
	Waitpid(pid, NULL, 0);

	/* Child 2 waits up to 10 units; the parent lets go after 1. */
	if ((pid = Fork()) == 0) {
		wait_for(lock, 2, 10);
		exit(0);
	}
	sleep_units(1);
	printf("parent: releasing the lock\n");
	if (lock_release(lock) < 0)
		unix_error("lock_release");
	Waitpid(pid, NULL, 0);
	if (lock_destroy(lock) < 0)
		unix_error("lock_destroy");
	return 0;
}
