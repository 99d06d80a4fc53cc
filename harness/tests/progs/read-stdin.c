/* read-stdin.c - reads stdin once and says what read(2) returned. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	char buf[256];
	ssize_t n = read(0, buf, sizeof buf);

	printf("read returned %zd\n", n);
	return n < 0;
}
