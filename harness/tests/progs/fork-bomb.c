/*
 * fork-bomb.c - every process forks as fast as it can and never exits.
 * The harness's limits must contain it; the counter only makes sure it
 * cannot run away for ever should those limits fail.
 */
#include <unistd.h>

int main(void)
{
	for (int i = 0; i < 100000; i++)
		fork();
	for (;;)
		pause();
}
