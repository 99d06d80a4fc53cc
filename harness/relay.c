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

/*
 * What the relay sends: a message holds one header alone ('P', 'X'), or
 * records packed one after another, each a header and the bytes written.
 * Packed, a burst of small writes costs the harness one receive, not one
 * a line.
 */
struct relayed {
	char kind;              /* 'P' the program's pid, 'R' a record, 'X' it exited */
	char stream;            /* OUT or ERR, for a record */
	char truncated;         /* the record did not fit: the run flooded */
	pid_t pid;              /* the writer, or the program */
	int status;             /* for 'X': the wait status */
	unsigned len;           /* for 'R': the bytes written, which follow */
	struct timespec ts;     /* the kernel's time of the write */
};

static void tell(int to, const char *msg, size_t len)
{
	while (send(to, msg, len, MSG_NOSIGNAL) < 0)
		if (errno != EINTR)
			_exit(125);     /* the harness is gone: so is the run */
}

/* The kernel's word on one received message: writer, time, cut or not. */
static void attest(struct msghdr *msg, struct attested *a)
{
	a->pid = 0;
	a->ts = (struct timespec){ 0, 0 };
	a->truncated = (msg->msg_flags & MSG_TRUNC) != 0;
	for (struct cmsghdr *m = CMSG_FIRSTHDR(msg); m; m = CMSG_NXTHDR(msg, m)) {
		struct ucred cred;

		if (m->cmsg_level != SOL_SOCKET)
			continue;
		if (m->cmsg_type == SCM_CREDENTIALS) {
			memcpy(&cred, CMSG_DATA(m), sizeof cred);
			a->pid = cred.pid;
		} else if (m->cmsg_type == SCM_TIMESTAMPNS) {
			memcpy(&a->ts, CMSG_DATA(m), sizeof a->ts);
		} else if (m->cmsg_type == SCM_RIGHTS) {        /* sent descriptors: drop */
			for (int *p = (int *)CMSG_DATA(m); (char *)p < (char *)m + m->cmsg_len; p++)
				close(*p);
		}
	}
}

/*
 * Receive up to n records from a trace socket, in one system call: their
 * bytes, and what the kernel says of each - the writer's pid (in our PID
 * namespace) and the time of the write.  Record i goes to buf + i * size,
 * which fits any record.  Descriptors a run sends along are closed.  How
 * many records, or -1 when none waits.
 */
int recv_attested(int fd, char *buf, size_t size, struct attested *a, int n)
{
	union { char b[CMSG_SPACE(sizeof(struct ucred)) +
			CMSG_SPACE(sizeof(struct timespec))]; struct cmsghdr a; } c[RECV_BATCH];
	struct iovec iov[RECV_BATCH];
	struct mmsghdr mm[RECV_BATCH];
	int got, k = 0;

	if (n > RECV_BATCH)
		n = RECV_BATCH;
	for (int i = 0; i < n; i++) {
		iov[i] = (struct iovec){ buf + i * size, size };
		mm[i].msg_hdr = (struct msghdr){ .msg_iov = &iov[i], .msg_iovlen = 1,
						 .msg_control = c[i].b,
						 .msg_controllen = sizeof c[i].b };
	}
	got = recvmmsg(fd, mm, n, MSG_DONTWAIT | MSG_CMSG_CLOEXEC, NULL);
	for (int i = 0; i < got; i++) {
		attest(&mm[i].msg_hdr, &a[k]);
		a[k].data = buf + i * size;
		a[k].len = mm[i].msg_len;
		k += a[k].len > 0;      /* 0 bytes: the end (every writer closed), or nothing */
	}
	return k > 0 ? k : -1;
}

/*
 * Pass on every record waiting on the trace sockets fd[0] (stdout) and
 * fd[1] (stderr), packed: each goes into buf after the ones before it,
 * and the pack is sent when it passes RELAY_BATCH and when nothing more
 * waits.  buf holds RELAY_BATCH + size; size fits any record and its header.
 */
static void pass_records(const int fd[2], int to, char *buf, size_t size)
{
	struct relayed h = { 'R', 0, 0, 0, 0, 0, { 0, 0 } };
	struct attested a;
	size_t used = 0;

	for (int s = 0; s < 2; s++)
		while (recv_attested(fd[s], buf + used + sizeof h, size - sizeof h, &a, 1) == 1) {
			h.stream = (char)s;
			h.pid = a.pid;
			h.ts = a.ts;
			h.truncated = (char)a.truncated;
			h.len = a.len;
			memcpy(buf + used, &h, sizeof h);
			used += sizeof h + a.len;
			if (used >= RELAY_BATCH) {
				tell(to, buf, used);
				used = 0;
			}
		}
	if (used > 0)
		tell(to, buf, used);
}

/*
 * The relay's life as pid 1: a /proc of the namespace's own, the program
 * started by start() (in the child, never returning), then records passed
 * on until the harness ends the run.
 */
void relay_run(int out, int err, int to, size_t size, void (*start)(void *), void *arg)
{
	struct relayed h = { 'P', 0, 0, 0, 0, 0, { 0, 0 } };
	struct pollfd p[3];
	sigset_t chld;
	int sfd, done = 0;
	char *buf = xmalloc(RELAY_BATCH + size);
	int fd[2] = { out, err };
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
	tell(to, (char *)&h, sizeof h);
	p[0] = (struct pollfd){ out, POLLIN, 0 };
	p[1] = (struct pollfd){ err, POLLIN, 0 };
	p[2] = (struct pollfd){ sfd, POLLIN, 0 };
	for (;;) {
		struct signalfd_siginfo si;
		int status;

		if (poll(p, 3, -1) < 0 && errno != EINTR)
			_exit(126);
		pass_records(fd, to, buf, size);
		for (int s = 0; s < 2; s++)
			if (p[s].revents & POLLHUP)     /* every writer has closed */
				p[s].fd = -1;
		while (read(sfd, &si, sizeof si) > 0)
			;
		/* Only the program is reaped: the zombies it left are the harness's to see. */
		if (!done && waitpid(prog, &status, WNOHANG) == prog) {
			struct relayed x = { 'X', 0, 0, prog, status, 0, { 0, 0 } };

			/* what it wrote before it ended goes first: the harness may
			   end the run on this word, and the relay with it */
			pass_records(fd, to, buf, size);
			tell(to, (char *)&x, sizeof x);
			done = 1;
		}
	}
}

/*
 * The harness's side: take one message from the relay.  Its records go into
 * the trace while the output taken stays within room (the one that passes
 * it too, as a direct run takes them); the program's pid and its end into
 * *main_pid and *status.  Returns the bytes of output the message held (0
 * for the others), or -1 when nothing waits.
 */
long relay_take(int fd, struct trace *t, double start_rt, char *buf, size_t size,
		long room, pid_t *main_pid, int *status)
{
	ssize_t n = recv(fd, buf, size, MSG_DONTWAIT);
	struct relayed h;
	long bytes = 0;

	if (n < (ssize_t)sizeof h)
		return -1;
	for (char *p = buf, *end = buf + n; end - p >= (ssize_t)sizeof h; p += h.len) {
		memcpy(&h, p, sizeof h);
		p += sizeof h;
		if (h.len > (size_t)(end - p))
			break;
		if (h.kind == 'P') {
			*main_pid = h.pid;
		} else if (h.kind == 'X') {
			*status = h.status;
		} else if (h.kind == 'R') {
			if (bytes <= room)
				trace_add_record(t, h.pid, h.stream == ERR ? ERR : OUT,
						 h.ts.tv_sec * 1e3 + h.ts.tv_nsec / 1e6 - start_rt,
						 p, h.len);
			bytes = h.truncated ? LONG_MAX / 2 : bytes + h.len;
		}
	}
	return bytes;
}
