/*
 * WRONG (test data): BUG: forges the unit tests from the ELF .init section.
 * fork_run and wait_exit are the skeleton's stubs; one instruction put in
 * .init (which the loader runs in the Check runner before main, a
 * constructor by another name) prints every test as passed, from the
 * runner's own pid, and ends the runner before it prints its own lines.
 * The grader must refuse the file: a lab file may hold only the sections
 * plain C makes.
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

__attribute__((used)) static void forge(void)
{
	(void)!write(1, forged, strlen(forged));
	_exit(0);	/* before the runner prints its own verdicts */
}

__asm__(".section .init\n\tcall forge\n\t.previous");

pid_t fork_run(int (*fn)(void *), void *arg)
{
	(void)fn;
	(void)arg;
	errno = ENOSYS;
	return -1;
}

int wait_exit(pid_t pid)
{
	(void)pid;
	errno = ENOSYS;
	return -1;
}
