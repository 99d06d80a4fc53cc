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

/* ===== YOUR CODE HERE: replace the stub below ===== */
struct manager {
	int todo;
};
/* ===== END OF YOUR CODE ===== */

struct manager *manager_start(void)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	errno = ENOSYS;
	return NULL;
	/* ===== END OF YOUR CODE ===== */
}

pid_t manager_pid(struct manager *m)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)m;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

const char *manager_address(struct manager *m)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)m;
	errno = ENOSYS;
	return NULL;
	/* ===== END OF YOUR CODE ===== */
}

/* ===== YOUR CODE HERE: replace the stub below ===== */
/* ===== END OF YOUR CODE ===== */

int list_append(struct manager *m, const struct mvalue *v)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)m;
	(void)v;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int list_get(struct manager *m, long long i, struct mvalue *out)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)m;
	(void)i;
	(void)out;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int list_set(struct manager *m, long long i, const struct mvalue *v)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)m;
	(void)i;
	(void)v;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

long long list_len(struct manager *m)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)m;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int list_pop(struct manager *m, long long i, struct mvalue *out)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)m;
	(void)i;
	(void)out;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int dict_set(struct manager *m, const char *key, const struct mvalue *v)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)m;
	(void)key;
	(void)v;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int dict_get(struct manager *m, const char *key, struct mvalue *out)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)m;
	(void)key;
	(void)out;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int dict_delete(struct manager *m, const char *key)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)m;
	(void)key;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

long long dict_len(struct manager *m)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)m;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

long long dict_keys(struct manager *m, struct mvalue *keys, size_t max)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)m;
	(void)keys;
	(void)max;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}

int manager_shutdown(struct manager *m)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)m;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}
