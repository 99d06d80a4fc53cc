/* nothing.c - a program that writes one line and exits: what a scenario
   run costs beyond the program itself is the harness's overhead. */
#include <stdio.h>

int main(void)
{
	puts("hello");
	return 0;
}
