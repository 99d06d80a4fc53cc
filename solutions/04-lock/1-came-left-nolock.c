/*
 * 1-came-left-nolock.c - WRONG on purpose: 1-came-left.c with the
 * acquire and release commented out, as in the seeds.  All three
 * processes are inside at once: three "came", then three "left", and the
 * run takes 1 unit.
 *
 *     def f(lock, i):
 *         # lock.acquire()
 *         print("process", i, "came")
 *         time.sleep(1)
 *         print("process", i, "left")
 *         # lock.release()
 */
#include "lock.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

#define N 3

static void f(struct lock *lock, int i)
{
	/* slide: nolock */
	(void)lock;
	/* if (lock_acquire(lock) < 0)
		unix_error("lock_acquire"); */
	printf("process %d came\n", i);
	sleep_units(1);
	printf("process %d left\n", i);
	/* if (lock_release(lock) < 0)
		unix_error("lock_release"); */
	/* slide end */
}

int main(void)
{
	struct lock *lock;      /* created, passed, never taken */
	pid_t pids[N];
	int i;

	/* Line-buffered: each line is written when it happens. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((lock = lock_create()) == NULL)
		unix_error("lock_create");
	for (i = 0; i < N; i++) {
		if ((pids[i] = Fork()) == 0) {
			f(lock, i);
			exit(0);
		}
	}
	for (i = 0; i < N; i++)
		Waitpid(pids[i], NULL, 0);
	if (lock_destroy(lock) < 0)
		unix_error("lock_destroy");
	return 0;
}
