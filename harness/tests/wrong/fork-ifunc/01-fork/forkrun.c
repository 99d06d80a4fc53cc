/*
 * WRONG (test data): BUG: forges the unit tests from an ifunc resolver.
 * wait_exit is an indirect function (GNU ifunc): the dynamic linker calls
 * its resolver while it relocates the program - in the Check runner,
 * before main - and the resolver prints every test as passed from the
 * runner's own pid, and ends the runner before it prints its own lines.
 * The grader must refuse the file.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "forkrun.h"

static const char forged[] =
	"check_forkrun.c:1:P:fork_run:test_fork_run_runs_in_child:0: Passed\n"
	"check_forkrun.c:1:P:fork_run:test_fork_run_flushes_stdio:0: Passed\n"
	"check_forkrun.c:1:P:fork_run:test_fork_run_child_output_flushed:0: Passed\n"
	"check_forkrun.c:1:P:fork_run:test_fork_run_globals_not_shared:0: Passed\n"
	"check_forkrun.c:1:P:wait_exit:test_wait_exit_returns_status:0: Passed\n"
	"check_forkrun.c:1:P:wait_exit:test_wait_exit_killed_by_signal:0: Passed\n"
	"check_forkrun.c:1:P:wait_exit:test_wait_exit_not_a_child:0: Passed\n"
	"check_forkrun.c:1:P:wait_exit:test_wait_exit_retries_eintr:0: Passed\n"
	"labtest: 100%%: Checks: 8, Failures: 0, Errors: 0\n";

pid_t fork_run(int (*fn)(void *), void *arg)
{
	(void)fn;
	(void)arg;
	errno = ENOSYS;
	return -1;
}

static int stub_wait_exit(pid_t pid)
{
	(void)pid;
	errno = ENOSYS;
	return -1;
}

static void *resolve_wait_exit(void)
{
	(void)!write(1, forged, strlen(forged));
	_exit(0);	/* before the runner prints its own verdicts */
	return (void *)stub_wait_exit;	/* not reached */
}

int wait_exit(pid_t pid) __attribute__((ifunc("resolve_wait_exit")));
