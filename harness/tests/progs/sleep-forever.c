/* sleep-forever.c - never ends by itself: only a time limit stops it. */
#include <unistd.h>

int main(void)
{
	for (;;)
		pause();
}
