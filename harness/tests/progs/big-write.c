/*
 * big-write.c - one write(2) of many lines: argv[1] KiB (default 100) of
 * 100-byte lines, "line NNNNN xxx...\n".  Exits 1 if the write was short.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	size_t len = (argc > 1 ? atol(argv[1]) : 100) * 1024, lines = len / 100;
	char *buf = malloc(len);
	ssize_t n;

	if (buf == NULL)
		exit(1);
	for (size_t i = 0; i < lines; i++) {
		char tag[16];

		snprintf(tag, sizeof tag, "line %05zu ", i % 100000);
		memset(buf + 100 * i, 'x', 99);
		memcpy(buf + 100 * i, tag, 11);
		buf[100 * i + 99] = '\n';
	}
	len = 100 * lines;
	n = write(1, buf, len);         /* one call: no stdio, no retry */
	if (n != (ssize_t)len) {
		dprintf(2, "write returned %zd of %zu: %s\n", n, len, strerror(errno));
		exit(1);
	}
	return 0;
}
