/*
 * 3-eof-hang.c - WRONG on purpose: 3-eof.c without the child's close of
 * its copy of the write end.  The classic pipe hang.
 *
 *     def reader(r, w):
 *         # w.close()             # forgotten
 *         while True:
 *             try:
 *                 print("child got", r.recv_bytes().decode())
 *             except EOFError:    # never comes
 *                 break
 *
 * The child gets the three lines, then waits in conn_recv for a fourth
 * or the end of file.  The parent has closed its copy and waits in
 * Waitpid for the child.  But the child itself still holds a write end,
 * so the kernel cannot say "end of file": nobody will ever write, and
 * nobody can ever say so.  Each process waits for the other for ever.
 * (The grader runs 3-eof with a short time limit: a conn_close that does
 * not close its descriptor hangs it the same way.)
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

	/* slide: hang */
	(void)w;                /* conn_close(w) forgotten */
	while ((n = conn_recv(r, buf, sizeof buf)) >= 0)
		printf("child got %.*s\n", (int)n, buf);
	if (n != CONN_EOF)
		unix_error("conn_recv");
	printf("child: EOF\n");         /* never printed */
	/* slide end */
}

int main(void)
{
	struct conn *r, *w;
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
		char line[16];
		int len = snprintf(line, sizeof line, "line %d", i);

		if (conn_send(w, line, len) < 0)
			unix_error("conn_send");
	}
	conn_close(w);
	Waitpid(pid, NULL, 0);          /* waits for ever */
	printf("parent: child joined\n");
	return 0;
}
