/*
 * WRONG (test data): BUG: writes guessed end marks and ends the test.
 * fork_run and wait_exit are the skeleton's stubs, and first write
 * "<test> <guessed nonce>" lines, labtest.c's format, to every pipe the
 * test's process holds (the runner's among them), then exit 0 in the
 * middle of the test.  The nonce is random per run: no guess is a
 * mark, and a line that is not one fails every test.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "forkrun.h"

static const char *const tests[] = {
	"test_fork_run_runs_in_child", "test_fork_run_flushes_stdio",
	"test_fork_run_child_output_flushed", "test_fork_run_globals_not_shared",
	"test_wait_exit_returns_status", "test_wait_exit_killed_by_signal",
	"test_wait_exit_not_a_child", "test_wait_exit_retries_eintr",
};
static const char *const guesses[] = {
	"00000000000000000000000000000000", "ffffffffffffffffffffffffffffffff",
	"0", "1", "",
};

/* Every test's mark with every guess, on one descriptor. */
static void guess_marks(int fd)
{
	char line[128];

	for (size_t t = 0; t < sizeof tests / sizeof *tests; t++)
		for (size_t g = 0; g < sizeof guesses / sizeof *guesses; g++) {
			int n = snprintf(line, sizeof line, "%s %s\n", tests[t], guesses[g]);

			(void)!write(fd, line, n);
		}
}

static void forge(void)
{
	struct stat st;

	for (int fd = 3; fd < 256; fd++)
		if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode))
			guess_marks(fd);
	_exit(0);
}

pid_t fork_run(int (*fn)(void *), void *arg)
{
	(void)fn;
	(void)arg;
	forge();
	errno = ENOSYS;
	return -1;
}

int wait_exit(pid_t pid)
{
	(void)pid;
	forge();
	errno = ENOSYS;
	return -1;
}
