/*
 * 1-came-left.c - three processes share one lock: each prints "came",
 * holds the lock for 1 unit, prints "left".  Only one at a time is
 * inside, so the lines pair up and the run takes 3 units, not 1.
 *
 *     def f(lock, i):
 *         lock.acquire()
 *         print("process", i, "came")
 *         time.sleep(1)
 *         print("process", i, "left")
 *         lock.release()
 *
 *     lock = Lock()
 *     for i in range(3):
 *         Process(target=f, args=(lock, i)).start()
 *
 * Compare with 1-came-left-nolock.c, the same program without the lock.
 */
#include "lock.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

#define N 3

static void f(struct lock *lock, int i)
{
	if (lock_acquire(lock) < 0)
		unix_error("lock_acquire");
	/* The critical section: the lock is held from here ... */
	printf("process %d came\n", i);
	sleep_units(1);
	printf("process %d left\n", i);
	/* ... to here. */
	if (lock_release(lock) < 0)
		unix_error("lock_release");
}

int main(void)
{
	struct lock *lock;      /* one process at a time between came and left */
	pid_t pids[N];
	int i;

	/* Line-buffered: each line is written at once, inside the lock, not
	   all at exit (stdout may be a pipe or a socket, fully buffered). */
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Before fork: the children inherit the mapping, so all share it. */
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
