/*
 * WRONG (test data): an index out of range is not an error here: get and
 * pop reply REPLY_OK with 0, set does nothing and replies REPLY_OK.  Python
 * raises IndexError; the caller must hear of it.
 */
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

/*
 * Do what req asks and put the result (after REPLY_OK) into rep.
 * Returns 0, or -1 with errno: the error the client gets.  *stop is set
 * by a shutdown request.  Every request is decoded in full, to its end,
 * before it changes anything: a malformed one changes nothing.
 */
static int apply(struct msg *req, struct msg *rep, int *stop)
{
	unsigned op;
	long long i;
	size_t at;
	char key[MSTR_MAX + 1];
	struct mvalue v;
	struct entry *e;

	if (get_u8(req, &op) < 0)
		return -1;
	switch (op) {
	case OP_LIST_APPEND:
		if (get_value(req, &v) < 0 || get_end(req) < 0)
			return -1;
		return store_append(&v);
	case OP_LIST_GET:
	case OP_LIST_POP:
		if (get_i64(req, &i) < 0 || get_end(req) < 0)
			return -1;
		if (list_index(i, &at) < 0) {
			v = mv_int(0);          /* out of range: None, say 0 */
			put_value(rep, &v);
			return 0;
		}
		v = items[at];
		if (op == OP_LIST_POP)
			store_pop(at, &v);
		put_value(rep, &v);
		return 0;
	case OP_LIST_SET:
		if (get_i64(req, &i) < 0 || get_value(req, &v) < 0 ||
		    get_end(req) < 0)
			return -1;
		if (list_index(i, &at) == 0)    /* out of range: nothing to do */
			items[at] = v;
		return 0;
	case OP_DICT_SET:
		if (get_str(req, key) < 0 || get_value(req, &v) < 0 ||
		    get_end(req) < 0)
			return -1;
		return store_put(key, &v);
	case OP_DICT_GET:
		if (get_str(req, key) < 0 || get_end(req) < 0 ||
		    (e = dict_find(key)) == NULL)
			return -1;
		put_value(rep, &e->v);
		return 0;
	case OP_DICT_DEL:
		if (get_str(req, key) < 0 || get_end(req) < 0)
			return -1;
		return store_remove(key);
	case OP_DICT_KEYS:
		if (get_end(req) < 0)
			return -1;
		put_u32(rep, nentries);
		for (size_t k = 0; k < nentries; k++)
			put_str(rep, entries[k].key);
		return 0;
	case OP_LIST_LEN:
	case OP_DICT_LEN:
		if (get_end(req) < 0)
			return -1;
		put_i64(rep, op == OP_LIST_LEN ? nitems : nentries);
		return 0;
	case OP_SHUTDOWN:
		if (get_end(req) < 0)
			return -1;
		*stop = 1;
		return 0;
	}
	errno = EBADMSG;                /* an op we do not know */
	return -1;
}

/* The reply to req: REPLY_OK and the result, or REPLY_ERR and errno. */
static void answer(struct msg *req, struct msg *rep, int *stop)
{
	msg_init(rep);
	put_u8(rep, REPLY_OK);
	if (apply(req, rep, stop) < 0 || rep->err) {
		int err = rep->err ? rep->err : errno;

		msg_init(rep);
		put_u8(rep, REPLY_ERR);
		put_u32(rep, err);
	}
}

static struct msg req, rep;             /* one request at a time */

/*
 * c's socket is readable: read what is there, without blocking (the
 * socket is O_NONBLOCK), and answer every frame that is now whole; keep
 * the rest for later.  Returns 0 to keep the client, -1 to drop it: it
 * closed (mid-request or not), a frame's length is impossible, or a
 * reply cannot be sent (EPIPE: it left before its reply; EAGAIN: it does
 * not read its replies).
 */
static int client_input(struct client *c, int *stop)
{
	ssize_t r = read(c->fd, c->buf + c->have, sizeof c->buf - c->have);
	uint32_t n;

	if (r < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	if (r == 0)
		return -1;              /* closed: a half request is dropped */
	c->have += r;
	while (c->have >= 4 && !*stop) {
		n = frame_len(c->buf);
		if (n == 0 || n > MSG_MAX) {
			msg_init(&rep); /* no next frame to find: say why, drop */
			put_u8(&rep, REPLY_ERR);
			put_u32(&rep, EMSGSIZE);
			msg_send(c->fd, &rep);
			return -1;
		}
		if (c->have < 4 + n)
			break;          /* not whole yet: poll again */
		msg_load(&req, c->buf + 4, n);
		answer(&req, &rep, stop);
		if (msg_send(c->fd, &rep) < 0)
			return -1;
		c->have -= 4 + n;
		memmove(c->buf, c->buf + 4 + n, c->have);
	}
	return 0;
}

int server_run(int lfd)
{
	int stop = 0;

	fds[0].fd = lfd;
	fds[0].events = POLLIN;
	nfds = 1;
	while (!stop) {
		if (poll(fds, nfds, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		/* Clients first, from the last: drop_client moves the last
		   one into the slot it frees, which is then already done. */
		for (size_t k = nfds - 1; k >= 1 && !stop; k--)
			if (fds[k].revents && client_input(clients[k], &stop) < 0)
				drop_client(k);
		if (fds[0].revents & POLLIN && !stop)
			add_client(lfd);
	}
	close(lfd);             /* the starter removes its name */
	while (nfds > 1)
		drop_client(nfds - 1);
	return 0;
}
