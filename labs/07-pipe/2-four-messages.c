/*
 * 2-four-messages.c - "a", "b", "cd" and an empty message arrive as four
 * messages, then the end of file.
 *
 *     def f(conn):
 *         for m in [b"a", b"b", b"cd", b""]:
 *             conn.send_bytes(m)
 *         conn.close()
 *
 *     r, w = Pipe(duplex=False)
 *     p = Process(target=f, args=(w,))
 *     p.start()
 *     w.close()
 *     p.join()
 *     while True:
 *         try:
 *             m = r.recv_bytes()
 *         except EOFError:
 *             break
 *
 * The parent reads only after the child has sent everything and exited:
 * all 13 bytes wait in the pipe together ("\0\0\0\1a\0\0\0\1b..."), and
 * only the lengths tell where each message ends.  A pipe without them
 * would hand over "abcd" in one read, and the empty message would be
 * nothing at all.
 */
#include "conn.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

int main(void)
{
	static const char *msgs[] = { "a", "b", "cd", "" };
	struct conn *r, *w;
	char buf[16];
	ssize_t n;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (conn_pipe(&r, &w, 0) < 0)
		unix_error("conn_pipe");
	if ((pid = Fork()) == 0) {
		conn_close(r);
		for (int i = 0; i < 4; i++)
			if (conn_send(w, msgs[i], strlen(msgs[i])) < 0)
				unix_error("conn_send");
		conn_close(w);
		exit(0);
	}
	/* Without this the parent's own copy of the write end keeps the
	   pipe open, and its recv waits for ever instead of seeing EOF. */
	conn_close(w);
	Waitpid(pid, NULL, 0);
	for (int i = 0; (n = conn_recv(r, buf, sizeof buf)) >= 0; i++)
		printf("parent got message %d: '%.*s', %zd byte(s)\n", i, (int)n, buf, n);
	if (n != CONN_EOF)
		unix_error("conn_recv");
	printf("parent: EOF\n");
	conn_close(r);
	return 0;
}
