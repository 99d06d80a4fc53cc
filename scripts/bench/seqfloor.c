/*
 * seqfloor.c - the floor under the grader's trace, for trace-cost.
 *
 *   seqfloor [-p] PROGRAM [ARG...]
 *
 * Runs PROGRAM with its stdout on an AF_UNIX SOCK_SEQPACKET socket set up
 * as run.c sets its own (SO_PASSCRED and SO_TIMESTAMPNS on the reading
 * end, the same send buffer) and takes every record with one plain
 * recvmsg, dropping it: what the kernel's side of the trace costs, with
 * a reader that does nothing.  -p: a pipe instead, read 64 KiB at a time
 * (cat's way).  Prints the writer's CPU time (user + system), in µs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void fail(const char *what)
{
	fprintf(stderr, "seqfloor: %s: %s\n", what, strerror(errno));
	exit(1);
}

int main(int argc, char **argv)
{
	static char buf[1 << 18];
	int pipe_mode = argc > 1 && strcmp(argv[1], "-p") == 0, fd[2], one = 1, size = 128 * 1024;
	char cbuf[CMSG_SPACE(64)];
	struct rusage ru;
	pid_t pid;
	int status;

	argv += 1 + pipe_mode;
	if (argv[0] == NULL) {
		fprintf(stderr, "usage: seqfloor [-p] PROGRAM [ARG...]\n");
		return 2;
	}
	if (pipe_mode ? pipe(fd) < 0 : socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fd) < 0)
		fail("socket");
	if (!pipe_mode && (setsockopt(fd[0], SOL_SOCKET, SO_PASSCRED, &one, sizeof one) < 0 ||
			   setsockopt(fd[0], SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one) < 0 ||
			   setsockopt(fd[1], SOL_SOCKET, SO_SNDBUF, &size, sizeof size) < 0))
		fail("setsockopt");
	if ((pid = fork()) < 0)
		fail("fork");
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execvp(argv[0], argv);
		fail(argv[0]);
	}
	close(fd[1]);
	for (;;) {
		struct iovec iov = { buf, sizeof buf };
		struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
				    .msg_control = cbuf, .msg_controllen = sizeof cbuf };
		ssize_t n = pipe_mode ? read(fd[0], buf, 65536) : recvmsg(fd[0], &m, 0);

		if (n == 0)
			break;
		if (n < 0 && errno != EINTR)
			fail("read");
	}
	if (wait4(pid, &status, 0, &ru) != pid)
		fail("wait4");
	printf("%.0f\n", (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
	       ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
