/*
 * WRONG (test data): BUG: ends the test's process with status 0 when it
 * runs under Check's fork mode (CK_FORK set), and is a stub otherwise.
 * Check counts a test process that exits 0 without a failure as passed;
 * the runner must not: the test never reached its end.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "forkrun.h"

pid_t fork_run(int (*fn)(void *), void *arg)
{
	(void)fn;
	(void)arg;
	if (getenv("CK_FORK"))
		_exit(0);
	errno = ENOSYS;
	return -1;
}

int wait_exit(pid_t pid)
{
	(void)pid;
	if (getenv("CK_FORK"))
		_exit(0);
	errno = ENOSYS;
	return -1;
}
