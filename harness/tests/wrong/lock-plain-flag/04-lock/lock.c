/*
 * WRONG (test data): BUG: the plain-flag lock of issue 9, as a student
 * writes it: while (l->locked) sched_yield(); l->locked = 1;  Polite (it
 * yields while it waits) but not atomic: a switch between the test and
 * the set lets a second process in.  Without chaos it scored 54/56.
 * (Its timed acquire only tries: not what this case is about.)
 */
#include <errno.h>
#include <sched.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lock.h"

struct lock { volatile int locked; volatile pid_t holder; };

struct lock *lock_create(void)
{
	struct lock *l = mmap(NULL, sizeof *l, PROT_READ | PROT_WRITE,
			      MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return l == MAP_FAILED ? NULL : l;
}

int lock_acquire(struct lock *l)
{
	if (l->holder == getpid())
		return errno = EDEADLK, -1;
	while (l->locked)
		sched_yield();
	l->locked = 1;
	l->holder = getpid();
	return 0;
}

int lock_try_acquire(struct lock *l)
{
	return l->locked ? 1 : lock_acquire(l);
}

int lock_acquire_timeout(struct lock *l, double timeout_units)
{
	(void)timeout_units;
	return lock_try_acquire(l);
}

int lock_release(struct lock *l)
{
	if (l->holder != getpid())
		return errno = EPERM, -1;
	l->holder = 0;
	l->locked = 0;
	return 0;
}

pid_t lock_holder(struct lock *l) { return l->holder; }

int lock_destroy(struct lock *l)
{
	if (l->locked)
		return errno = EBUSY, -1;
	return munmap(l, sizeof *l);
}
