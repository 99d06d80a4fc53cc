/*
 * many-lines.c - argv[1] lines (default 3000), "n I", one write(2) each;
 * every 100th goes to stderr.  The trace takes records in batches: each
 * must still arrive whole, alone and in order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3000;

	for (int i = 0; i < n; i++) {
		char line[32];
		int len = snprintf(line, sizeof line, "n %d\n", i);

		if (write(i % 100 == 99 ? 2 : 1, line, len) != len)
			return 1;
	}
	return 0;
}
