/* nothing.c - the program the exec benchmarks start: it only exits, so
   what they time is starting a process, not running one.  Linked static
   when libc.a is there: no dynamic loader to time either. */
int main(void)
{
	return 0;
}
