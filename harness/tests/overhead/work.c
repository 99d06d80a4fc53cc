/* work.c - the "student's" part of the overhead program: n turns of a
   loop, a few basic blocks each, so that chaos scheduling has points to
   yield at (compiled by the grader with -fsanitize-coverage=trace-pc). */
int work(int n);

int work(int n)
{
	volatile int sum = 0;

	for (int i = 0; i < n; i++)
		if (i % 3)
			sum += i;
	return sum;
}
