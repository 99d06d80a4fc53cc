/* nothing.c - a program that writes one line and exits: what a scenario
   run costs beyond the program itself is the harness's overhead.  It runs
   1000 turns of the "student's" work.c first: with chaos scheduling on,
   about 1 in RATE of their basic blocks yields. */
#include <stdio.h>

int work(int n);

int main(void)
{
	work(1000);
	puts("hello");
	return 0;
}
