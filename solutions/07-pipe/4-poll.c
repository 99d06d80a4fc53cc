/*
 * 4-poll.c - poll(timeout): is a message there?  It only looks: the
 * message stays whole for recv.
 *
 *     def f(w):
 *         time.sleep(2)
 *         w.send_bytes(b"late")
 *
 *     r, w = Pipe(duplex=False)
 *     p = Process(target=f, args=(w,)); p.start(); w.close()
 *     print("poll(0) ->", r.poll(0))          # False, at once
 *     print("poll(1) ->", r.poll(1))          # False, after 1 second
 *     print("poll(None) ->", r.poll(None))    # True, when "late" comes
 *     print("poll(0) ->", r.poll(0))          # still True: nothing was read
 *     print("got", r.recv_bytes())
 *     print("poll(None) ->", r.poll(None))    # True: the end of file
 *
 * poll says True at the end of file too: it answers "would recv return
 * at once?", and recv would, with EOFError (CONN_EOF).
 */
#include "conn.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

static void show_poll(struct conn *r, const char *what, double timeout)
{
	int ready = conn_poll(r, timeout);

	if (ready < 0)
		unix_error("conn_poll");
	printf("parent: poll(%s) -> %s\n", what, ready ? "True" : "False");
}

int main(void)
{
	struct conn *r, *w;
	char buf[16];
	ssize_t n;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (conn_pipe(&r, &w, 0) < 0)
		unix_error("conn_pipe");
	if ((pid = Fork()) == 0) {
		conn_close(r);
		sleep_units(2);
		if (conn_send(w, "late", 4) < 0)
			unix_error("conn_send");
		exit(0);
	}
	conn_close(w);
	show_poll(r, "0", 0);
	show_poll(r, "1", 1);
	show_poll(r, "None", NO_TIMEOUT);
	show_poll(r, "0", 0);
	if ((n = conn_recv(r, buf, sizeof buf)) < 0)
		unix_error("conn_recv");
	printf("parent got %.*s\n", (int)n, buf);
	show_poll(r, "None", NO_TIMEOUT);
	if (conn_recv(r, buf, sizeof buf) != CONN_EOF)
		unix_error("conn_recv: no end of file");
	printf("parent: EOF\n");
	Waitpid(pid, NULL, 0);
	conn_close(r);
	return 0;
}
