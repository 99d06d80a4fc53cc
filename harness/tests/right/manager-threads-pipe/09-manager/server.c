/*
 * RIGHT (test data): a thread per client, blocking msg_recv each, one
 * mutex around the store; the thread that answers OP_SHUTDOWN wakes the
 * accepting loop through a pipe, which then shuts every connection down.
 * Written from the handout alone (lab validation).
 *
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
/*
 * A thread per client (as Python's Manager): each blocks in msg_recv on
 * its own socket, so a stalled client holds up only its own thread.
 * Every use of the store is under one mutex.  The listening loop waits on
 * lfd and on a pipe; the thread that answered OP_SHUTDOWN writes to it.
 * The poll set's slots (fds[], nfds) record the clients' sockets here,
 * so that the end can shut them all down.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>

static pthread_mutex_t store_lock = PTHREAD_MUTEX_INITIALIZER;
static int wake[2] = { -1, -1 };        /* written once a shutdown is answered */
static int stopping;                    /* under store_lock */

static int fail_with(int err)
{
	errno = err;
	return -1;
}

/* Read an index and check that nothing follows it; -1 with errno. */
static int index_arg(struct msg *q, size_t *at)
{
	long long i;

	if (get_i64(q, &i) < 0 || get_end(q) < 0)
		return -1;
	return list_index(i, at);
}

/* Decode q whole, then act (store_lock held); the result into r. */
static int act(struct msg *q, struct msg *r, int *stop)
{
	unsigned op;
	size_t at;
	struct mvalue v;
	struct entry *e;
	char *key;
	int rc = -1;

	if (get_u8(q, &op) < 0)
		return -1;
	if (op == OP_LIST_APPEND) {
		if (get_value(q, &v) == 0 && get_end(q) == 0)
			rc = store_append(&v);
	} else if (op == OP_LIST_GET) {
		if ((rc = index_arg(q, &at)) == 0)
			put_value(r, &items[at]);
	} else if (op == OP_LIST_POP) {
		if ((rc = index_arg(q, &at)) == 0) {
			store_pop(at, &v);
			put_value(r, &v);
		}
	} else if (op == OP_LIST_SET) {
		long long i;

		if (get_i64(q, &i) == 0 && get_value(q, &v) == 0 && get_end(q) == 0 &&
		    list_index(i, &at) == 0) {
			items[at] = v;
			rc = 0;
		}
	} else if (op == OP_LIST_LEN || op == OP_DICT_LEN) {
		if ((rc = get_end(q)) == 0)
			put_i64(r, op == OP_LIST_LEN ? nitems : nentries);
	} else if (op == OP_DICT_SET || op == OP_DICT_GET || op == OP_DICT_DEL) {
		if ((key = malloc(MSTR_MAX + 1)) == NULL)
			return -1;
		if (get_str(q, key) < 0 ||
		    (op == OP_DICT_SET && get_value(q, &v) < 0) || get_end(q) < 0)
			rc = -1;
		else if (op == OP_DICT_SET)
			rc = store_put(key, &v);
		else if (op == OP_DICT_DEL)
			rc = store_remove(key);
		else if ((e = dict_find(key)) != NULL) {
			put_value(r, &e->v);
			rc = 0;
		}
		free(key);
	} else if (op == OP_DICT_KEYS) {
		if ((rc = get_end(q)) == 0) {
			put_u32(r, nentries);
			for (size_t k = 0; k < nentries; k++)
				put_str(r, entries[k].key);
			if (r->err)
				rc = fail_with(r->err);
		}
	} else if (op == OP_SHUTDOWN) {
		if ((rc = get_end(q)) == 0)
			*stop = 1;
	} else {
		rc = fail_with(EBADMSG);
	}
	return rc;
}

/* Forget client fd's slot (store_lock held). */
static void forget(int fd)
{
	for (size_t k = 1; k < nfds; k++)
		if (fds[k].fd == fd) {
			fds[k] = fds[--nfds];
			return;
		}
}

static void *serve_client(void *arg)
{
	int fd = (int)(intptr_t)arg, stop = 0, err;
	struct msg *q = malloc(sizeof *q), *r = malloc(sizeof *r);

	while (q != NULL && r != NULL && !stop) {
		if (msg_recv(fd, q) < 0) {
			if (errno == EMSGSIZE) {        /* the stream is lost: say so, go */
				msg_init(r);
				put_u8(r, REPLY_ERR);
				put_u32(r, EMSGSIZE);
				(void)msg_send(fd, r);
			}
			break;                  /* end of file, or an error: gone */
		}
		msg_init(r);
		put_u8(r, REPLY_OK);
		pthread_mutex_lock(&store_lock);
		if (stopping) {                 /* the server is on its way out */
			pthread_mutex_unlock(&store_lock);
			break;
		}
		if (act(q, r, &stop) < 0) {
			err = errno;
			msg_init(r);
			put_u8(r, REPLY_ERR);
			put_u32(r, err);
		}
		if (stop)
			stopping = 1;
		pthread_mutex_unlock(&store_lock);
		if (msg_send(fd, r) < 0)
			break;                  /* EPIPE: it left before the reply */
	}
	if (stop)       /* answered (or tried to): now the loop may end */
		while (write(wake[1], "x", 1) < 0 && errno == EINTR)
			;
	pthread_mutex_lock(&store_lock);
	forget(fd);
	close(fd);
	pthread_mutex_unlock(&store_lock);
	free(q);
	free(r);
	return NULL;
}

/* A new client on lfd: its own thread. */
static void start_client(int lfd)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	pthread_attr_t attr;
	pthread_t t;

	if (fd < 0)
		return;
	pthread_mutex_lock(&store_lock);
	if (nfds == MAX_FDS) {
		pthread_mutex_unlock(&store_lock);
		close(fd);
		return;
	}
	fds[nfds++].fd = fd;
	pthread_mutex_unlock(&store_lock);
	if (pthread_attr_init(&attr) == 0) {
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		if (pthread_create(&t, &attr, serve_client, (void *)(intptr_t)fd) == 0) {
			pthread_attr_destroy(&attr);
			return;
		}
		pthread_attr_destroy(&attr);
	}
	pthread_mutex_lock(&store_lock);        /* no thread: refuse it */
	forget(fd);
	close(fd);
	pthread_mutex_unlock(&store_lock);
}
/* ===== END OF YOUR CODE ===== */

int server_run(int lfd)
{
	/* ===== YOUR CODE HERE: replace the stub below ===== */
	struct pollfd w[2];

	(void)add_client, (void)drop_client;    /* the poll loop's; threads here */
	if (pipe2(wake, O_CLOEXEC) < 0)
		return -1;
	nfds = 1;
	w[0].fd = lfd;
	w[0].events = POLLIN;
	w[1].fd = wake[0];
	w[1].events = POLLIN;
	for (;;) {
		if (poll(w, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (w[1].revents)
			break;                  /* a shutdown was answered */
		if (w[0].revents & POLLIN)
			start_client(lfd);
	}
	/* Close everything: shutting each connection down wakes its
	   thread, which then closes it. */
	close(lfd);
	pthread_mutex_lock(&store_lock);
	for (size_t k = 1; k < nfds; k++)
		shutdown(fds[k].fd, SHUT_RDWR);
	pthread_mutex_unlock(&store_lock);
	return 0;
	/* ===== END OF YOUR CODE ===== */
}
