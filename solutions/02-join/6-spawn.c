/*
 * 6-spawn.c - a spawned child starts from nothing: Python's "spawn".
 *
 *     n = 100                                  # module level
 *     def show(how): print(f"{how} child: n={n}")
 *     n = 101                                  # in the main program
 *     get_context("fork").Process(target=show, args=("fork",)).start()    # n=101
 *     get_context("spawn").Process(target=show, args=("spawn",)).start()  # n=100
 *
 * These labs start children with fork, Python's default on Linux up to
 * 3.13.  macOS and Windows use "spawn", and Linux "forkserver" from 3.14:
 * the child is a fresh run of the program (posix_spawn here: fork and
 * exec in one call), not a copy of the parent.  So it has the program's
 * initial memory -- n is 100 again -- and nothing else the parent made
 * before start: no lock in its memory, no stdio buffer to print twice.
 * Python then sends the child what it needs (target, args, a lock's
 * handle) through a pipe; in C you pass arguments, descriptors or a name.
 */
#include "process.h"
#include "proclab.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>

extern char **environ;

int n = 100;    /* what every fresh run of the program starts with */

static int show(void *arg)
{
	printf("%s child: n=%d\n", (const char *)arg, n);
	return 0;
}

int main(int argc, char **argv)
{
	char *args[] = { argv[0], "--spawned", NULL };
	struct process p;
	pid_t pid;

	if (argc == 2 && strcmp(argv[1], "--spawned") == 0)
		return show("spawn");           /* the spawned run of the program */

	setvbuf(stdout, NULL, _IOLBF, 0);
	n = 101;
	printf("parent: n=%d\n", n);

	process_init(&p, "forked", show, "fork");
	if (process_start(&p) < 0 || process_join(&p, NO_TIMEOUT) < 0)
		unix_error("fork child");

	/* The same program again, from its first line: its n is 100. */
	if ((errno = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, args, environ)) != 0)
		unix_error("posix_spawn");
	Waitpid(pid, NULL, 0);
	return 0;
}
