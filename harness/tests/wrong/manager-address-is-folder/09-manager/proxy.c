/*
 * WRONG (test data): manager_address gives the socket's folder, not the
 * socket: nothing can connect to it.
 */
/*
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

struct manager {
	pid_t server;           /* the server process */
	pid_t starter;          /* the process that started it: it reaps it */
	char path[sizeof ((struct sockaddr_un *)0)->sun_path];  /* the address */
	int fd;                 /* a connection to the server, or -1 */
	pid_t fd_pid;           /* the process that opened fd: only it uses fd */
	int down;               /* manager_shutdown was called */
};

/* A socket address for path. */
static struct sockaddr_un address(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };

	strcpy(a.sun_path, path);
	return a;
}

/* The server process: serve until shut down.  _exit, not exit: the
   stdio buffers fork copied are the starter's to flush, not ours. */
static void be_server(int lfd)
{
	signal(SIGINT, SIG_IGN);        /* ^C is for the starter (Python: too) */
	_exit(server_run(lfd) < 0 ? 1 : 0);
}

struct manager *manager_start(void)
{
	struct manager *m = calloc(1, sizeof *m);
	char dir[] = "/tmp/proclab-manager-XXXXXX";
	struct sockaddr_un a;
	int lfd = -1, saved;

	if (m == NULL)
		return NULL;
	if (mkdtemp(dir) == NULL) {     /* a directory only we may write */
		free(m);
		return NULL;
	}
	snprintf(m->path, sizeof m->path, "%s/listener", dir);
	a = address(m->path);
	if ((lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 ||
	    listen(lfd, SOMAXCONN) < 0 || (m->server = fork()) < 0)
		goto fail;
	if (m->server == 0)
		be_server(lfd);
	close(lfd);             /* the server's now: see above */
	m->starter = getpid();
	m->fd = -1;
	return m;
fail:
	saved = errno;
	if (lfd >= 0)
		close(lfd);
	unlink(m->path);
	rmdir(dir);
	free(m);
	errno = saved;
	return NULL;
}

pid_t manager_pid(struct manager *m)
{
	return m->server;
}

const char *manager_address(struct manager *m)
{
	static char dir[sizeof m->path];

	strcpy(dir, m->path);
	return dirname(dir);            /* where it lives */
}

/* This process's connection to the server: made on its first call. */
static int connection(struct manager *m)
{
	struct sockaddr_un a = address(m->path);
	pid_t me = getpid();
	int fd;

	if (m->fd >= 0 && m->fd_pid == me)
		return m->fd;
	if (m->fd >= 0)
		close(m->fd);   /* our parent's, inherited: leave it to them */
	m->fd = -1;
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	while (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
		if (errno != EINTR) {   /* ECONNREFUSED, ENOENT: no server */
			int saved = errno;

			close(fd);
			errno = saved;
			return -1;
		}
	}
	m->fd = fd;
	m->fd_pid = me;
	return fd;
}

/* See above.  A connection that failed mid-call is closed: the next
   call starts afresh. */
static int call(struct manager *m)
{
	unsigned status;
	uint32_t err;
	int fd;

	if (m->down) {
		errno = EPIPE;
		return -1;
	}
	if (req.err) {                  /* a bad value: the server never sees it */
		errno = req.err;
		return -1;
	}
	if ((fd = connection(m)) < 0)
		return -1;
	if (msg_send(fd, &req) < 0 || msg_recv(fd, &rep) < 0 ||
	    get_u8(&rep, &status) < 0) {
		int saved = errno;

		close(fd);              /* in an unknown state: start afresh */
		m->fd = -1;
		errno = saved;
		return -1;
	}
	if (status == REPLY_OK)
		return 0;
	if (status == REPLY_ERR && get_u32(&rep, &err) == 0 && err != 0)
		errno = err;
	else
		errno = EBADMSG;
	return -1;
}

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
	put_value(request(OP_LIST_APPEND), v);
	return call_none(m);
}

int list_get(struct manager *m, long long i, struct mvalue *out)
{
	put_i64(request(OP_LIST_GET), i);
	return call_value(m, out);
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
	int status, failed;
	char dir[sizeof m->path];

	if (m->down)
		return 0;               /* idempotent */
	if (getpid() != m->starter) {
		errno = EPERM;          /* only the starter can reap it */
		return -1;
	}
	request(OP_SHUTDOWN);
	failed = call_none(m) < 0;      /* it may have died already */
	m->down = 1;
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
	if (failed)
		kill(m->server, SIGKILL);   /* alive but not answering: stop it */
	while (waitpid(m->server, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	/* Gone: its name now leads nowhere; remove it, and its folder. */
	unlink(m->path);
	strcpy(dir, m->path);
	rmdir(dirname(dir));
	if (failed || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		errno = EIO;
		return -1;
	}
	return 0;
}
