/*
 * RIGHT (test data), written unlike the reference: a lock on a raw futex.
 * One shared word holds the holder's pid (0: free); acquire swaps 0 for
 * its pid, or sleeps in FUTEX_WAIT while the word is unchanged; release
 * stores 0 and wakes one waiter.  Not FUTEX_PRIVATE: the word is in a
 * MAP_SHARED page, and the kernel keys the wait by that page, so waiters
 * in other processes are woken.  Must get full marks.
 */
#define _GNU_SOURCE
#include "lock.h"
#include "proclab.h"

#include <errno.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct lock {
	_Atomic pid_t word;     /* the holder's pid, 0 when free */
};

/* Sleep while *w == seen, until woken or the absolute CLOCK_MONOTONIC deadline. */
static long futex_wait(_Atomic pid_t *w, pid_t seen, const struct timespec *deadline)
{
	return syscall(SYS_futex, w, FUTEX_WAIT_BITSET, seen, deadline, NULL,
		       FUTEX_BITSET_MATCH_ANY);
}

static int take(struct lock *l)
{
	pid_t free_ = 0;

	return atomic_compare_exchange_strong(&l->word, &free_, getpid());
}

struct lock *lock_create(void)
{
	struct lock *l = mmap(NULL, sizeof *l, PROT_READ | PROT_WRITE,
			      MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (l == MAP_FAILED)
		return NULL;
	atomic_init(&l->word, 0);
	return l;
}

/* Wait for l until deadline (NULL: for ever): 0 taken, 1 timed out, -1 error. */
static int wait_for(struct lock *l, const struct timespec *deadline)
{
	if (atomic_load(&l->word) == getpid()) {
		errno = EDEADLK;
		return -1;
	}
	while (!take(l)) {
		pid_t seen = atomic_load(&l->word);

		if (seen == 0)
			continue;       /* freed meanwhile: try again */
		if (futex_wait(&l->word, seen, deadline) < 0 && errno == ETIMEDOUT)
			return take(l) ? 0 : 1;
		/* woken, EINTR, or EAGAIN (the word changed): look again */
	}
	return 0;
}

int lock_acquire(struct lock *l)
{
	return wait_for(l, NULL);
}

int lock_try_acquire(struct lock *l)
{
	if (atomic_load(&l->word) == getpid()) {
		errno = EDEADLK;
		return -1;
	}
	return take(l) ? 0 : 1;
}

int lock_acquire_timeout(struct lock *l, double timeout_units)
{
	struct timespec deadline;
	double ms = timeout_units * unit_ms();
	long long ns;

	if (timeout_units == NO_TIMEOUT)
		return wait_for(l, NULL);
	if (!(ms >= 0))
		ms = 0;         /* negative: only try, as multiprocessing's -1 */
	if (ms > 1e12)
		ms = 1e12;
	if (clock_gettime(CLOCK_MONOTONIC, &deadline) < 0)
		return -1;
	ns = deadline.tv_nsec + (long long)(ms * 1e6) + 1;     /* never early */
	deadline.tv_sec += ns / 1000000000;
	deadline.tv_nsec = ns % 1000000000;
	return wait_for(l, &deadline);
}

int lock_release(struct lock *l)
{
	pid_t me = getpid();

	if (!atomic_compare_exchange_strong(&l->word, &me, 0)) {
		errno = EPERM;
		return -1;
	}
	/* One waiter wakes and takes it (or finds it taken and sleeps again). */
	if (syscall(SYS_futex, &l->word, FUTEX_WAKE, 1, NULL, NULL, 0) < 0)
		return -1;
	return 0;
}

pid_t lock_holder(struct lock *l)
{
	return atomic_load(&l->word);
}

int lock_destroy(struct lock *l)
{
	if (atomic_load(&l->word) != 0) {
		errno = EBUSY;
		return -1;
	}
	return munmap(l, sizeof *l);
}
