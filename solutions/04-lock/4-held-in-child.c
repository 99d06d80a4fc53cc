/*
 * 4-held-in-child.c - one lock, seen from two processes: the child takes
 * it, and the parent sees it taken -- by the child's pid -- and may not
 * release it.  Two pipes keep the steps in order, not sleeps:
 *
 *     child:  acquire, tell the parent        parent: wait for "held"
 *                                             holder? try? release?
 *     child:  wait for "go", release          parent: "go", join
 */
#include "lock.h"
#include "proclab.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Block until one byte (or EOF) arrives on fd. */
static void await(int fd)
{
	char c;

	while (read(fd, &c, 1) < 0)
		if (errno != EINTR)
			unix_error("read");
}

static void child(struct lock *lock, int held, int go)
{
	if (lock_acquire(lock) < 0)
		unix_error("lock_acquire");
	printf("child: acquired the lock\n");
	if (write(held, "h", 1) != 1)
		unix_error("write");
	await(go);
	printf("child: releasing the lock\n");
	if (lock_release(lock) < 0)
		unix_error("lock_release");
}

int main(void)
{
	struct lock *lock;      /* taken by the child, watched by the parent */
	int held[2], go[2], r;  /* pipes: child -> parent, parent -> child */
	pid_t pid;

	/* Line-buffered: each line is written when it happens. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((lock = lock_create()) == NULL)
		unix_error("lock_create");
	if (pipe(held) < 0 || pipe(go) < 0)
		unix_error("pipe");
	if ((pid = Fork()) == 0) {
		close(go[1]);   /* else our own copy keeps the pipe open */
		child(lock, held[1], go[0]);
		exit(0);
	}
	close(held[1]);
	await(held[0]);

	printf("parent: the lock is held by pid %d\n", (int)lock_holder(lock));
	if ((r = lock_try_acquire(lock)) < 0)
		unix_error("lock_try_acquire");
	printf("parent: try_acquire -> %s\n", r == 1 ? "busy" : "acquired");
	r = lock_release(lock);
	printf("parent: release -> %s\n",
	       r == 0 ? "0" : errno == EPERM ? "EPERM" : strerror(errno));

	close(go[1]);           /* EOF: the child may go on */
	Waitpid(pid, NULL, 0);
	printf("parent: after the child released, held by pid %d\n",
	       (int)lock_holder(lock));
	if (lock_destroy(lock) < 0)
		unix_error("lock_destroy");
	return 0;
}
