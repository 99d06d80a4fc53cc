/*
 * 3-eof.c - a child reads until the end of file, which comes only when
 * every copy of the write end is closed: the parent's AND the one the
 * child inherited from fork.
 *
 *     def reader(r, w):
 *         w.close()               # this process's copy of the write end
 *         while True:
 *             try:
 *                 print("child got", r.recv_bytes().decode())
 *             except EOFError:
 *                 break
 *         print("child: EOF")
 *
 *     r, w = Pipe(duplex=False)
 *     p = Process(target=reader, args=(r, w))
 *     p.start()
 *     r.close()
 *     for i in range(3):
 *         w.send_bytes(f"line {i}".encode())
 *     w.close()
 *     p.join()
 *
 * fork copies descriptors: after it, the write end is open twice, once in
 * each process.  The kernel says "end of file" only when no process at
 * all can write any more.  3-eof-hang.c is this program without the
 * child's close: it waits for ever.
 */
#include "conn.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

static void reader(struct conn *r, struct conn *w)
{
	char buf[64];
	ssize_t n;

	/* slide: close-write */
	conn_close(w);          /* this process's copy of the write end */
	while ((n = conn_recv(r, buf, sizeof buf)) >= 0)
		printf("child got %.*s\n", (int)n, buf);
	if (n != CONN_EOF)
		unix_error("conn_recv");
	printf("child: EOF\n");
	/* slide end */
}

int main(void)
{
	struct conn *r, *w;
	char line[16];
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (conn_pipe(&r, &w, 0) < 0)
		unix_error("conn_pipe");
	if ((pid = Fork()) == 0) {
		reader(r, w);
		exit(0);
	}
	conn_close(r);
	for (int i = 0; i < 3; i++) {
		int len = snprintf(line, sizeof line, "line %d", i);

		if (conn_send(w, line, len) < 0)
			unix_error("conn_send");
	}
	conn_close(w);
	Waitpid(pid, NULL, 0);
	printf("parent: child joined\n");
	return 0;
}
