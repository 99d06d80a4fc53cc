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
 *
 * Usage: 1-came-left [TURNS]   (default 1, the seeds' example)
 * With TURNS, each process comes and leaves TURNS times, holding the lock
 * 1/TURNS unit each time: still 3 units in all, but 3 x TURNS acquires,
 * each one a chance for a lock that is not one to let two in.
 */
#include "lock.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

#define N 3

static void f(struct lock *lock, int i, int turns)
{
	/* slide: critical */
	if (lock_acquire(lock) < 0)
		unix_error("lock_acquire");
	/* The critical section: the lock is held from here ... */
	printf("process %d came\n", i);
	sleep_units(1.0 / turns);
	printf("process %d left\n", i);
	/* ... to here. */
	if (lock_release(lock) < 0)
		unix_error("lock_release");
	/* slide end */
}

int main(int argc, char **argv)
{
	struct lock *lock;      /* one process at a time between came and left */
	pid_t pids[N];
	int i, turns = argc > 1 ? atoi(argv[1]) : 1;

	if (turns < 1) {
		fprintf(stderr, "usage: %s [TURNS >= 1]\n", argv[0]);
		return 2;
	}
	/* Line-buffered: each line is written at once, inside the lock, not
	   all at exit (stdout may be a pipe or a socket, fully buffered). */
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* slide: fork-three */
	/* Before fork: the children inherit the mapping, so all share it. */
	if ((lock = lock_create()) == NULL)
		unix_error("lock_create");
	for (i = 0; i < N; i++) {
		if ((pids[i] = Fork()) == 0) {
			for (int t = 0; t < turns; t++)
				f(lock, i, turns);
			exit(0);
		}
	}
	for (i = 0; i < N; i++)
		Waitpid(pids[i], NULL, 0);
	/* slide end */
	if (lock_destroy(lock) < 0)
		unix_error("lock_destroy");
	return 0;
}
