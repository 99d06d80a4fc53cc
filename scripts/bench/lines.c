/*
 * lines.c - the program scripts/bench/trace-cost times: N lines of 40
 * bytes ("line 0000042 xxx...x\n"), one write(2) each, so each line is one
 * record of the grader's trace (or one pipe write).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINE 40

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 0;
	char line[LINE + 1];

	memset(line, 'x', LINE - 1);
	line[LINE - 1] = '\n';
	for (long i = 0; i < n; i++) {
		char tag[16];
		ssize_t w;

		snprintf(tag, sizeof tag, "line %07ld ", i % 10000000);
		memcpy(line, tag, 13);
		while ((w = write(1, line, LINE)) < 0 && errno == EINTR)
			;
		if (w != LINE) {
			perror("lines: write");
			return 1;
		}
	}
	return 0;
}
