/*
 * relay.c - a run in a PID namespace of its own, when the grader is not root.
 *
 * Graded by an ordinary user, a run has that user's uid: without a PID
 * namespace it could signal the grader, the user's shell, or open their
 * /proc/PID/root.  In a PID namespace it sees (and can reach) only its own
 * processes.  Two things then change, and this file keeps them as taught:
 *
 *  - The student's program must not be the namespace's pid 1 (it would
 *    ignore signals it does not handle, and orphans would come to it).
 *    The relay is pid 1: it starts the program (pid 2), adopts orphans and
 *    reaps nobody but the program, so zombies stay for the harness to see.
 *  - The kernel names a writer by its pid in the *reader's* namespace, and
 *    the harness is outside: the program prints its pids as it sees them.
 *    So the relay, inside, reads the trace sockets (SO_PASSCRED gives it
 *    the namespace's pids, SO_TIMESTAMPNS the kernel's time) and passes
 *    each record on to the harness with its pid and time.
 *
 * The relay is the harness's code, not dumpable (no ptrace from the run),
 * and a namespace's init ignores the signals it does not handle, so the
 * run can neither stop nor forge it.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* What the relay sends: a header, then (for a record) the bytes written. */
struct relayed {
	char kind;              /* 'P' the program's pid, 'R' a record, 'X' it exited */
	char stream;            /* OUT or ERR, for a record */
	char truncated;         /* the record did not fit: the run flooded */
	pid_t pid;              /* the writer, or the program */
	int status;             /* for 'X': the wait status */
	struct timespec ts;     /* the kernel's time of the write */
};

static void tell(int to, const struct relayed *h, const char *data, size_t len)
{
	struct iovec iov[2] = { { (void *)h, sizeof *h }, { (void *)data, len } };
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = data ? 2 : 1 };

	while (sendmsg(to, &msg, MSG_NOSIGNAL) < 0)
		if (errno != EINTR)
			_exit(125);     /* the harness is gone: so is the run */
}

/*
 * Receive one record from a trace socket: its bytes, and what the kernel
 * says of it - the writer's pid (in our PID namespace) and the time of
 * the write.  Descriptors a run sends along are closed.  The record's
 * length, or -1 when none waits.
 */
ssize_t recv_attested(int fd, char *buf, size_t size, pid_t *pid, struct timespec *ts,
		      int *truncated)
{
	union { char b[CMSG_SPACE(sizeof(struct ucred)) +
			CMSG_SPACE(sizeof(struct timespec))]; struct cmsghdr a; } c;
	struct iovec iov = { buf, size };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = c.b, .msg_controllen = sizeof c.b };
	ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);

	*pid = 0;
	*ts = (struct timespec){ 0, 0 };
	if (n <= 0)
		return -1;
	for (struct cmsghdr *m = CMSG_FIRSTHDR(&msg); m; m = CMSG_NXTHDR(&msg, m)) {
		struct ucred cred;

		if (m->cmsg_level != SOL_SOCKET)
			continue;
		if (m->cmsg_type == SCM_CREDENTIALS) {
			memcpy(&cred, CMSG_DATA(m), sizeof cred);
			*pid = cred.pid;
		} else if (m->cmsg_type == SCM_TIMESTAMPNS) {
			memcpy(ts, CMSG_DATA(m), sizeof *ts);
		} else if (m->cmsg_type == SCM_RIGHTS) {        /* sent descriptors: drop */
			for (int *p = (int *)CMSG_DATA(m); (char *)p < (char *)m + m->cmsg_len; p++)
				close(*p);
		}
	}
	*truncated = (msg.msg_flags & MSG_TRUNC) != 0;
	return n;
}

/* Pass one record from the trace socket fd on; 0, or -1 when none waits. */
static int pass_record(int fd, int stream, int to, char *buf, size_t size)
{
	struct relayed h = { 'R', (char)stream, 0, 0, 0, { 0, 0 } };
	int truncated;
	ssize_t n = recv_attested(fd, buf, size, &h.pid, &h.ts, &truncated);

	if (n < 0)
		return -1;
	h.truncated = (char)truncated;
	tell(to, &h, buf, n);
	return 0;
}

/*
 * The relay's life as pid 1: a /proc of the namespace's own, the program
 * started by start() (in the child, never returning), then records passed
 * on until the harness ends the run.
 */
void relay_run(int out, int err, int to, size_t size, void (*start)(void *), void *arg)
{
	struct relayed h = { 'P', 0, 0, 0, 0, { 0, 0 } };
	struct pollfd p[3];
	sigset_t chld;
	int sfd, done = 0;
	char *buf = xmalloc(size);
	pid_t prog;

	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		dprintf(2, "proclab: cannot mount the run's /proc: %s\n", strerror(errno));
		_exit(126);
	}
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &chld, NULL) < 0 ||
	    (sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK)) < 0)
		_exit(126);
	if ((prog = fork()) < 0)
		_exit(126);
	if (prog == 0) {
		sigprocmask(SIG_UNBLOCK, &chld, NULL);
		start(arg);
	}
	prctl(PR_SET_DUMPABLE, 0);      /* after fork: the program starts dumpable */
	h.pid = prog;
	tell(to, &h, NULL, 0);
	p[0] = (struct pollfd){ out, POLLIN, 0 };
	p[1] = (struct pollfd){ err, POLLIN, 0 };
	p[2] = (struct pollfd){ sfd, POLLIN, 0 };
	for (;;) {
		struct signalfd_siginfo si;
		int status;

		if (poll(p, 3, -1) < 0 && errno != EINTR)
			_exit(126);
		for (int s = 0; s < 2; s++) {
			while (pass_record(s == 0 ? out : err, s, to, buf, size) == 0)
				;
			if (p[s].revents & POLLHUP)     /* every writer has closed */
				p[s].fd = -1;
		}
		while (read(sfd, &si, sizeof si) > 0)
			;
		/* Only the program is reaped: the zombies it left are the harness's to see. */
		if (!done && waitpid(prog, &status, WNOHANG) == prog) {
			struct relayed x = { 'X', 0, 0, prog, status, { 0, 0 } };

			tell(to, &x, NULL, 0);
			done = 1;
		}
	}
}

/*
 * The harness's side: take one message from the relay.  A record goes into
 * the trace; the program's pid and its end into *main_pid and *status.
 * Returns the bytes of output taken (0 for the others), or -1 when nothing
 * waits.
 */
long relay_take(int fd, struct trace *t, double start_rt, char *buf, size_t size,
		pid_t *main_pid, int *status)
{
	ssize_t n = recv(fd, buf, size, MSG_DONTWAIT);
	struct relayed h;

	if (n < (ssize_t)sizeof h)
		return -1;
	memcpy(&h, buf, sizeof h);
	n -= sizeof h;
	if (h.kind == 'P') {
		*main_pid = h.pid;
	} else if (h.kind == 'X') {
		*status = h.status;
	} else if (h.kind == 'R') {
		trace_add_record(t, h.pid, h.stream == ERR ? ERR : OUT,
				 h.ts.tv_sec * 1e3 + h.ts.tv_nsec / 1e6 - start_rt,
				 buf + sizeof h, n);
		return h.truncated ? LONG_MAX / 2 : n;
	}
	return 0;
}
