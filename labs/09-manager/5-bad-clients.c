/*
 * 5-bad-clients.c - the server outlives its worst clients.  Raw clients,
 * talking the protocol by hand (mproto.h), send what no proxy would:
 *   1. malformed requests: an unknown op, a string that runs past the
 *      end of the body, a frame of length 0.  Each gets an error reply,
 *      and the connection still works (but after the length 0: it is
 *      closed, since the next frame cannot be found);
 *   2. a "staller" sends half a request and stays connected for 3 units:
 *      the parent is served meanwhile;
 *   3. five "quitters" each send a request and exit before the reply: the
 *      server's reply meets a closed socket (EPIPE), and it serves on;
 * then the manager is shut down, twice, and the server is gone.
 */
#define _GNU_SOURCE
#include "manager.h"
#include "proclab.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* A raw connection to the manager. */
static int dial(struct manager *m)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd;

	strcpy(a.sun_path, manager_address(m));
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		unix_error("socket");
	if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0)
		unix_error("connect");
	return fd;
}

/* Send len bytes as they are: a header and a body, or part of one. */
static void raw_send(int fd, const void *bytes, size_t len)
{
	if (write(fd, bytes, len) != (ssize_t)len)
		unix_error("write");
}

/* Read a reply and say what it was. */
static void show_reply(const char *what, int fd)
{
	static struct msg rep;
	unsigned status;
	uint32_t err;

	if (msg_recv(fd, &rep) < 0) {
		printf("%s -> no reply (%s)\n", what, strerror(errno));
		return;
	}
	if (get_u8(&rep, &status) == 0 && status == REPLY_ERR &&
	    get_u32(&rep, &err) == 0)
		printf("%s -> error reply: %s\n", what, strerror(err));
	else
		printf("%s -> a reply, status %u\n", what, status);
}

static void malformed(struct manager *m)
{
	/* Each: 4 bytes of length (big-endian), then the body. */
	unsigned char bad_op[] = { 0, 0, 0, 1, 0x7f };
	unsigned char past_end[] = { 0, 0, 0, 8, OP_LIST_APPEND, MV_STR, 0, 0, 0, 50, 'a', 'b' };
	unsigned char len_op[] = { 0, 0, 0, 1, OP_LIST_LEN };
	unsigned char empty[] = { 0, 0, 0, 0 };
	int fd = dial(m);

	raw_send(fd, bad_op, sizeof bad_op);
	show_reply("unknown op 0x7f", fd);
	raw_send(fd, past_end, sizeof past_end);
	show_reply("a string running past the body", fd);
	raw_send(fd, len_op, sizeof len_op);
	show_reply("then len(l) on the same connection", fd);
	raw_send(fd, empty, sizeof empty);
	show_reply("a frame of length 0", fd);
	show_reply("then that connection", fd);
	close(fd);
}

/* Half a request, then 3 units of silence, still connected. */
static void staller(struct manager *m, int ready)
{
	unsigned char half[] = { 0, 0, 0, 10, OP_LIST_APPEND, MV_INT, 0 };
	int fd = dial(m);

	raw_send(fd, half, sizeof half);
	printf("staller: sent half a request\n");
	raw_send(ready, "x", 1);
	sleep_units(3);
	printf("staller: leaving\n");
	_exit(0);
}

/* A whole request, and gone before the reply. */
static void quitter(struct manager *m)
{
	unsigned char append[] = { 0, 0, 0, 10, OP_LIST_APPEND, MV_INT, 0, 0, 0, 0, 0, 0, 0, 2 };

	int fd = dial(m);

	/* Reading side shut first: the reply fails (EPIPE) even if the
	   server is quicker than our exit. */
	if (shutdown(fd, SHUT_RD) < 0)
		unix_error("shutdown");
	raw_send(fd, append, sizeof append);
	_exit(0);
}

/* Two calls; say whether they were answered (not an exit: the server
   may have died, and what comes next is worth seeing). */
static void served(struct manager *m, const char *when)
{
	struct mvalue one = mv_int(1);

	if (list_append(m, &one) < 0 || list_len(m) < 0)
		printf("parent: NOT served %s (%s)\n", when, strerror(errno));
	else
		printf("parent: served %s\n", when);
}

int main(void)
{
	struct manager *m;
	pid_t stall, quit;
	int ready[2];
	char c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((m = manager_start()) == NULL)
		unix_error("manager_start");
	malformed(m);

	if (pipe(ready) < 0)
		unix_error("pipe");
	if ((stall = Fork()) == 0)
		staller(m, ready[1]);
	if (read(ready[0], &c, 1) != 1)         /* it has sent its half */
		unix_error("read");
	served(m, "while a client is mid-request");

	for (int k = 0; k < 5; k++) {
		if ((quit = Fork()) == 0)
			quitter(m);
		Waitpid(quit, NULL, 0);
	}
	served(m, "after 5 clients left before their replies");

	Waitpid(stall, NULL, 0);
	printf("parent: shutdown -> %d\n", manager_shutdown(m));
	printf("parent: shutdown again -> %d\n", manager_shutdown(m));
	if (kill(manager_pid(m), 0) < 0 && errno == ESRCH)
		printf("parent: the server is gone\n");
	else
		printf("parent: the server is still there\n");
	printf("parent: after shutdown len(l) -> %lld (%s)\n", list_len(m), strerror(errno));
	return 0;
}
