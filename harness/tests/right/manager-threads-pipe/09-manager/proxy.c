/*
 * RIGHT (test data), written from the handout alone: the connection is
 * dialled lazily and keyed by pid, and a child leaves its parent's
 * inherited socket open (it neither uses nor closes it); a value too long
 * is refused by msg_send, not checked before; a server that does not
 * answer the shutdown gets SIGTERM; the folder's name is strdup'ed.
 *
 * proxy.c - the manager's client side: start the server, and one proxy
 * call per list and dict operation (see manager.h for each contract,
 * mproto.h for the protocol).
 *
 * YOUR FILE: write manager_start, the connection, call (one request, one
 * reply), the proxy functions and manager_shutdown between the markers.
 * Return -1 with errno on error; never print, never exit.
 *
 * Helpers of yours should be `static`: only the functions manager.h
 * declares may be global.  The grader makes any other global name of
 * this file local (and notes it, ungraded); a global named like one of
 * the C library or the test runner (write, printf, malloc, main,
 * srunner_run_all ...) is refused: the lab would score 0.
 *
 * Three things to get right:
 *
 * - A proxy keeps nothing.  Every call asks the server and waits for its
 *   reply; a value kept in the caller from an earlier call (a cache) is
 *   stale as soon as another process changes the list.
 * - A connection per PROCESS.  A child forked after the parent connected
 *   inherits the parent's socket; if both used it, a reply would go to
 *   whichever of them reads first.  So the connection remembers which
 *   pid opened it, and a process that finds someone else's makes its own
 *   (as Python's proxies do after fork).
 * - Listen before fork.  manager_start binds and listens, THEN forks the
 *   server: a client may connect at once, and waits in the backlog until
 *   the server accepts.  The starter then closes its copy of the
 *   listening socket, or a connect after the server is gone would still
 *   succeed, into a queue nobody reads: that call would wait for ever.
 */
#define _GNU_SOURCE
#include "manager.h"
#include "mproto.h"

#include <errno.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- provided, do not change ---- */

/* The request being built and its reply: one call at a time a process. */
static struct msg req, rep;

/* Start building a request for op: the proxies then put its arguments. */
static struct msg *request(unsigned op)
{
	msg_init(&req);
	put_u8(&req, op);
	return &req;
}

/*
 * Yours, below: send req to the server over this process's connection,
 * wait for the reply, and leave it in rep, read up to the result.
 * Returns 0 for REPLY_OK; -1 with the server's errno for REPLY_ERR (the
 * error comes back as that error), or with the transport's (EPIPE: the
 * server is gone; EPIPE too once manager_shutdown was called).
 */
static int call(struct manager *m);

/* ---- yours ---- */

/* ===== YOUR CODE HERE: replace the stub below ===== */
#include <fcntl.h>

/*
 * A manager: the server's pid and address, and this process's
 * connection.  The connection is keyed by pid: after fork a child sees
 * its parent's and opens its own (it leaves the inherited one alone: the
 * parent's, which it must neither use nor need).
 */
struct manager {
	pid_t server, starter;
	int conn;                       /* -1: none yet, or closed */
	pid_t conn_pid;
	int closed;                     /* shut down: every call fails */
	char *dir;                      /* the folder, then "/listener" */
	struct sockaddr_un addr;
};

static int dial_server(struct manager *m)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&m->addr, sizeof m->addr) == 0) {
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		return fd;
	}
	{
		int err = errno;

		close(fd);
		errno = err;
	}
	return -1;
}
/* ===== END OF YOUR CODE ===== */

struct manager *manager_start(void)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	char tmpl[] = "/tmp/proclab-manager-XXXXXX";
	struct manager *m;
	int lfd, err;
	pid_t pid;

	if (mkdtemp(tmpl) == NULL)
		return NULL;
	if ((m = malloc(sizeof *m)) == NULL || (m->dir = strdup(tmpl)) == NULL) {
		err = errno;
		free(m);
		rmdir(tmpl);
		errno = err;
		return NULL;
	}
	memset(&m->addr, 0, sizeof m->addr);
	m->addr.sun_family = AF_UNIX;
	snprintf(m->addr.sun_path, sizeof m->addr.sun_path, "%s/listener", tmpl);
	m->conn = -1;
	m->conn_pid = 0;
	m->closed = 0;
	m->starter = getpid();
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (lfd < 0)
		goto undo;
	if (bind(lfd, (struct sockaddr *)&m->addr, sizeof m->addr) < 0 ||
	    listen(lfd, SOMAXCONN) < 0 || (pid = fork()) < 0) {
		err = errno;
		close(lfd);
		errno = err;
		goto undo;
	}
	if (pid == 0) {                 /* the server */
		struct sigaction ign = { .sa_handler = SIG_IGN };

		sigaction(SIGINT, &ign, NULL);
		_exit(server_run(lfd) < 0 ? 1 : 0);
	}
	m->server = pid;
	close(lfd);
	return m;
undo:
	err = errno;
	unlink(m->addr.sun_path);
	rmdir(m->dir);
	free(m->dir);
	free(m);
	errno = err;
	return NULL;
	/* ===== END OF YOUR CODE ===== */
}

pid_t manager_pid(struct manager *m)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	return m->server;
	/* ===== END OF YOUR CODE ===== */
}

const char *manager_address(struct manager *m)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	return m->addr.sun_path;
	/* ===== END OF YOUR CODE ===== */
}

/* ===== YOUR CODE HERE: replace the stub below ===== */
static int call(struct manager *m)
{
	unsigned status;
	uint32_t code;

	if (m->closed) {
		errno = EPIPE;
		return -1;
	}
	if (m->conn < 0 || m->conn_pid != getpid()) {
		if ((m->conn = dial_server(m)) < 0)
			return -1;
		m->conn_pid = getpid();
	}
	if (msg_send(m->conn, &req) < 0)
		return -1;
	if (msg_recv(m->conn, &rep) < 0)
		return -1;
	if (get_u8(&rep, &status) < 0)
		return -1;
	switch (status) {
	case REPLY_OK:
		return 0;
	case REPLY_ERR:
		if (get_u32(&rep, &code) < 0)
			return -1;
		errno = (int)code;
		return -1;
	default:
		errno = EBADMSG;
		return -1;
	}
}
/* ===== END OF YOUR CODE ===== */

/* ---- provided, do not change: each proxy is a request and a call ---- */

/* Call, then read a value as the result. */
static int call_value(struct manager *m, struct mvalue *out)
{
	struct mvalue v;

	if (call(m) < 0 || get_value(&rep, &v) < 0 || get_end(&rep) < 0)
		return -1;
	*out = v;
	return 0;
}

/* Call, then read a length as the result. */
static long long call_len(struct manager *m)
{
	long long n;

	if (call(m) < 0 || get_i64(&rep, &n) < 0 || get_end(&rep) < 0)
		return -1;
	return n;
}

/* Call: no result. */
static int call_none(struct manager *m)
{
	return call(m) < 0 ? -1 : get_end(&rep);
}

/* ---- yours: two proxies, as the provided ones below ---- */

int list_append(struct manager *m, const struct mvalue *v)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	struct msg *q = request(OP_LIST_APPEND);

	put_value(q, v);
	return call_none(m);
	/* ===== END OF YOUR CODE ===== */
}

int list_get(struct manager *m, long long i, struct mvalue *out)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	struct msg *q = request(OP_LIST_GET);

	put_i64(q, i);
	return call_value(m, out);
	/* ===== END OF YOUR CODE ===== */
}

/* ---- provided, do not change ---- */

int list_set(struct manager *m, long long i, const struct mvalue *v)
{
	put_i64(request(OP_LIST_SET), i);
	put_value(&req, v);
	return call_none(m);
}

long long list_len(struct manager *m)
{
	request(OP_LIST_LEN);
	return call_len(m);
}

int list_pop(struct manager *m, long long i, struct mvalue *out)
{
	put_i64(request(OP_LIST_POP), i);
	return call_value(m, out);
}

int dict_set(struct manager *m, const char *key, const struct mvalue *v)
{
	put_str(request(OP_DICT_SET), key);
	put_value(&req, v);
	return call_none(m);
}

int dict_get(struct manager *m, const char *key, struct mvalue *out)
{
	put_str(request(OP_DICT_GET), key);
	return call_value(m, out);
}

int dict_delete(struct manager *m, const char *key)
{
	put_str(request(OP_DICT_DEL), key);
	return call_none(m);
}

long long dict_len(struct manager *m)
{
	request(OP_DICT_LEN);
	return call_len(m);
}

long long dict_keys(struct manager *m, struct mvalue *keys, size_t max)
{
	static char scratch[MSTR_MAX + 1];      /* for keys past max */
	uint32_t n;

	request(OP_DICT_KEYS);
	if (call(m) < 0 || get_u32(&rep, &n) < 0)
		return -1;
	for (uint32_t k = 0; k < n; k++) {
		if (get_str(&rep, k < max ? keys[k].s : scratch) < 0)
			return -1;
		if (k < max)
			keys[k].type = MV_STR;
	}
	return get_end(&rep) < 0 ? -1 : (long long)n;
}

/* ---- yours ---- */

int manager_shutdown(struct manager *m)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	int status, answered, rc = 0;

	if (m->starter != getpid()) {
		errno = EPERM;
		return -1;
	}
	if (m->closed)
		return 0;
	request(OP_SHUTDOWN);
	answered = call(m) == 0;
	m->closed = 1;
	if (m->conn >= 0 && m->conn_pid == getpid())
		close(m->conn);
	m->conn = -1;
	if (!answered)                  /* dead, or deaf: make sure it ends */
		kill(m->server, SIGTERM);
	while (waitpid(m->server, &status, 0) < 0)
		if (errno != EINTR) {
			status = -1;
			break;
		}
	if (unlink(m->addr.sun_path) < 0 && errno != ENOENT)
		rc = -1;
	rmdir(m->dir);
	if (!answered || status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		errno = EIO;
		return -1;
	}
	(void)rc;
	return 0;
	/* ===== END OF YOUR CODE ===== */
}
