/*
 * RIGHT (test data), written unlike the reference: fork_run flushes each
 * stream with fflush(NULL) and forks; wait_exit waits with waitid(P_PID),
 * whose siginfo_t says how the child ended (CLD_EXITED or killed) without
 * the W* macros.  Must get full marks.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "forkrun.h"

pid_t fork_run(int (*fn)(void *), void *arg)
{
	pid_t pid;

	if (fflush(NULL) != 0)          /* a buffer copied by fork prints twice */
		return -1;
	if ((pid = fork()) != 0)
		return pid;             /* the parent: the child's pid, or -1 */
	exit(fn(arg));
}

int wait_exit(pid_t pid)
{
	siginfo_t info;

	for (;;) {
		info.si_pid = 0;
		if (waitid(P_PID, pid, &info, WEXITED) == 0)
			break;
		if (errno != EINTR)
			return -1;
	}
	return info.si_code == CLD_EXITED ? info.si_status : -info.si_status;
}
