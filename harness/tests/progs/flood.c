/* flood.c - prints endlessly; only the output cap stops it. */
#include <stdio.h>

int main(void)
{
	for (unsigned long i = 0;; i++)
		printf("flood line %lu: all work and no play makes Jack a dull boy\n", i);
}
