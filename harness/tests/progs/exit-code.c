/*
 * exit-code.c - ends the way argv[1] says: a number is an exit status,
 * "segv" raises SIGSEGV, "abort" calls abort().
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "0";

	if (strcmp(how, "segv") == 0)
		raise(SIGSEGV);
	if (strcmp(how, "abort") == 0)
		abort();
	return atoi(how);
}
