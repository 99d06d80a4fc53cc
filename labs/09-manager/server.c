/*
 * server.c - the manager's server: one process owns the list and the
 * dict and answers requests (see manager.h for server_run's contract,
 * mproto.h for the protocol).
 *
 * YOUR FILE: write apply (one request: decode, act, encode the reply),
 * client_input (a request arrives in pieces; act when it is whole) and
 * server_run (the loop that serves every client) between the markers.
 * The store below is provided.  Return -1 with errno on error; never
 * print, never exit.
 *
 * Helpers of yours should be `static`: only server_run (and the proxy
 * functions in proxy.c) may be global.  The grader makes any other global
 * name of this file local (and notes it, ungraded); a global named like
 * one of the C library or the test runner (write, printf, malloc, main,
 * srunner_run_all ...) is refused: the lab would score 0.
 *
 * Serving many clients.  Two good ways:
 *
 * 1. One thread, poll(2): wait until some socket is readable, read what
 *    it has WITHOUT blocking, keep a partial request in that client's
 *    buffer, and act once the request is whole.  Only one thread touches
 *    the store, so no lock is needed, and each request is applied whole
 *    before the next: appends from many clients can neither be lost nor
 *    interleave.  The reference does this.
 * 2. A thread per client (what Python's Manager does): each blocks in
 *    msg_recv on its own socket, so a slow client holds up only its own
 *    thread; then one mutex must be held around every use of the store.
 *
 * What you must not do: read a whole request with blocking reads in a
 * single-threaded loop (a client that sent half a request and stalls
 * then stops everyone), or fork a server per client (each child gets a
 * COPY of the list: a change made through it is lost with that child).
 *
 * A client that goes away mid-request (read returns 0) or before its
 * reply (send fails with EPIPE: msg_send uses MSG_NOSIGNAL, so no
 * SIGPIPE kills the server) is dropped; the others are still served.
 */
#define _GNU_SOURCE
#include "manager.h"
#include "mproto.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- the store: provided, do not change ---- */

/* The one list and the one dict: only the server process has them. */
static struct mvalue *items;            /* the list */
static size_t nitems, items_cap;
struct entry {
	char key[MSTR_MAX + 1];
	struct mvalue v;
};
static struct entry *entries;           /* the dict, in insertion order */
static size_t nentries, entries_cap;

/* Room in *p (an array of *cap elements of size bytes) for n + 1. */
static int reserve(void **p, size_t *cap, size_t n, size_t size)
{
	size_t want = *cap ? 2 * *cap : 16;
	void *q;

	if (n < *cap)
		return 0;
	if ((q = reallocarray(*p, want, size)) == NULL)
		return -1;              /* ENOMEM */
	*p = q;
	*cap = want;
	return 0;
}

/* Python's index rule: i < 0 counts from the end.  ERANGE when out. */
static int list_index(long long i, size_t *at)
{
	if (i < 0)
		i += (long long)nitems;
	if (i < 0 || (unsigned long long)i >= nitems) {
		errno = ERANGE;         /* IndexError */
		return -1;
	}
	*at = i;
	return 0;
}

static int store_append(const struct mvalue *v)
{
	if (reserve((void **)&items, &items_cap, nitems, sizeof *items) < 0)
		return -1;
	items[nitems] = *v;
	nitems++;
	return 0;
}

static int store_pop(size_t at, struct mvalue *out)
{
	*out = items[at];
	memmove(items + at, items + at + 1, (nitems - at - 1) * sizeof *items);
	nitems--;
	return 0;
}

/* The entry of key, or NULL with errno ENOENT (KeyError). */
static struct entry *dict_find(const char *key)
{
	for (size_t k = 0; k < nentries; k++)
		if (strcmp(entries[k].key, key) == 0)
			return &entries[k];
	errno = ENOENT;
	return NULL;
}

static int store_put(const char *key, const struct mvalue *v)
{
	struct entry *e = dict_find(key);

	if (e == NULL) {                /* a new key goes last */
		if (reserve((void **)&entries, &entries_cap, nentries,
			    sizeof *entries) < 0)
			return -1;
		e = &entries[nentries++];
		strcpy(e->key, key);
	}
	e->v = *v;
	return 0;
}

static int store_remove(const char *key)
{
	struct entry *e = dict_find(key);

	if (e == NULL)
		return -1;
	memmove(e, e + 1, (entries + nentries - e - 1) * sizeof *e);
	nentries--;
	return 0;
}

/* ---- the clients: provided, do not change ---- */

/* A client: its socket, and the part of a frame read so far. */
struct client {
	int fd;
	size_t have;                    /* bytes of buf filled */
	unsigned char buf[4 + MSG_MAX]; /* the header, then the body */
};

/*
 * The poll set: slot 0 is the listening socket, slot k >= 1 a client,
 * clients[k] its buffer.  A run may open 256 descriptors: room for all.
 */
#define MAX_FDS 256
static struct pollfd fds[MAX_FDS];
static struct client *clients[MAX_FDS];
static size_t nfds;

static void add_client(int lfd)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd < 0)
		return;                 /* EINTR, ECONNABORTED: nothing to add */
	if (nfds == MAX_FDS || (clients[nfds] = malloc(sizeof **clients)) == NULL) {
		close(fd);              /* no room: refuse this one */
		return;
	}
	clients[nfds]->fd = fd;
	clients[nfds]->have = 0;
	fds[nfds].fd = fd;
	fds[nfds].events = POLLIN;
	nfds++;
}

/* Close client k; the last one takes its slot. */
static void drop_client(size_t k)
{
	close(clients[k]->fd);
	free(clients[k]);
	nfds--;
	clients[k] = clients[nfds];
	fds[k] = fds[nfds];
}

/* ---- the server: yours ---- */

/* ===== YOUR CODE HERE: replace the stub below ===== */
/* ===== END OF YOUR CODE ===== */

int server_run(int lfd)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	(void)lfd;
	(void)list_index, (void)store_append, (void)store_pop;
	(void)store_put, (void)store_remove, (void)add_client, (void)drop_client;
	errno = ENOSYS;
	return -1;
	/* ===== END OF YOUR CODE ===== */
}
