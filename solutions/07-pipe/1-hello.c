/*
 * 1-hello.c - the seeds' example: the parent sends "hello!" down a duplex
 * pipe; the child prints it and replies "你好!", which the parent prints.
 *
 *     def f(conn):
 *         print("child got", conn.recv())
 *         conn.send("你好!")
 *         conn.close()
 *
 *     parent_conn, child_conn = Pipe()
 *     p = Process(target=f, args=(child_conn,))
 *     p.start()
 *     parent_conn.send("hello!")
 *     print("parent got", parent_conn.recv())
 *     p.join()
 *
 * C has no pickle: a string goes as its UTF-8 bytes, without the '\0'
 * (strlen), and the receiver ends it with a '\0' of its own.  The bytes of
 * "你好!" (7 of them) cross the pipe as they are.
 */
#include "conn.h"
#include "proclab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* Receive one message as a C string; exit on error or end of file. */
static void recv_string(struct conn *c, char *buf, size_t size)
{
	ssize_t n = conn_recv(c, buf, size - 1);

	if (n == CONN_EOF) {
		fprintf(stderr, "conn_recv: end of file before the message\n");
		exit(1);
	}
	if (n < 0)
		unix_error("conn_recv");
	buf[n] = '\0';
}

static void send_string(struct conn *c, const char *s)
{
	if (conn_send(c, s, strlen(s)) < 0)
		unix_error("conn_send");
}

int main(void)
{
	struct conn *parent_conn, *child_conn;
	char buf[64];
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (conn_pipe(&parent_conn, &child_conn, 1) < 0)
		unix_error("conn_pipe");
	/* slide: hello */
	if ((pid = Fork()) == 0) {
		conn_close(parent_conn);        /* the child's copy of the other end */
		recv_string(child_conn, buf, sizeof buf);
		printf("child got %s\n", buf);
		send_string(child_conn, "你好!");
		conn_close(child_conn);
		exit(0);
	}
	conn_close(child_conn);
	send_string(parent_conn, "hello!");
	recv_string(parent_conn, buf, sizeof buf);
	printf("parent got %s\n", buf);
	/* slide end */
	Waitpid(pid, NULL, 0);
	conn_close(parent_conn);
	return 0;
}
