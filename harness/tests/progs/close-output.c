/*
 * close-output.c - closes stdout and stderr (as a daemon would), then
 * sleeps argv[1] milliseconds (default 1000) and exits 0.
 */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 1000;
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	close(1);
	close(2);
	while (nanosleep(&t, &t) < 0)
		;
	return 0;
}
