/*
 * 2-try-acquire.c - acquire(blocking=False): take the lock if it is free,
 * otherwise say so at once instead of waiting.
 *
 *     lock.acquire()                                # the parent holds it
 *     child 1: lock.acquire(blocking=False)  -> False, busy
 *     lock.release()
 *     child 2: lock.acquire(blocking=False)  -> True
 *
 * The parent waits for child 1 before it releases, so child 1 always
 * finds the lock taken and child 2 always finds it free.
 */
#include "lock.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

/* Child n tries once, reports, and gives back what it got. */
static void try_once(struct lock *lock, int n)
{
	int r = lock_try_acquire(lock);

	if (r < 0)
		unix_error("lock_try_acquire");
	if (r == 1) {
		printf("child %d: try_acquire -> busy, held by pid %d\n",
		       n, (int)lock_holder(lock));
		return;
	}
	printf("child %d: try_acquire -> acquired\n", n);
	if (lock_release(lock) < 0)
		unix_error("lock_release");
	printf("child %d: released the lock\n", n);
}

int main(void)
{
	struct lock *lock;      /* taken by the parent, tried by the children */
	int n;

	/* Line-buffered: lines in the order they happen, none copied by fork. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((lock = lock_create()) == NULL)
		unix_error("lock_create");
	if (lock_acquire(lock) < 0)
		unix_error("lock_acquire");
	printf("parent: acquired the lock\n");

	for (n = 1; n <= 2; n++) {
		pid_t pid = Fork();

		if (pid == 0) {
			try_once(lock, n);
			exit(0);
		}
		Waitpid(pid, NULL, 0);
		if (n == 1) {
			if (lock_release(lock) < 0)
				unix_error("lock_release");
			printf("parent: released the lock\n");
		}
	}
	if (lock_destroy(lock) < 0)
		unix_error("lock_destroy");
	return 0;
}
