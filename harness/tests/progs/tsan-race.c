/*
 * tsan-race: built with -fsanitize=thread (Makefile).  Says whether its
 * addresses are randomised, then two threads add to one int with no
 * lock: ThreadSanitizer reports the race and the exit status is 66.
 * With argument "locked" they take a mutex: no report, status 0.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>

static int counter;             /* protected by lock when locked */
static int locked;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *add(void *arg)
{
	for (int i = 0; i < 1000; i++) {
		if (locked)
			pthread_mutex_lock(&lock);
		counter++;
		if (locked)
			pthread_mutex_unlock(&lock);
	}
	return arg;
}

int main(int argc, char **argv)
{
	pthread_t a, b;

	locked = argc > 1 && strcmp(argv[1], "locked") == 0;
	printf("aslr %s\n", personality(0xffffffff) & ADDR_NO_RANDOMIZE ? "off" : "on");
	fflush(stdout);
	if (pthread_create(&a, NULL, add, NULL) != 0 || pthread_create(&b, NULL, add, NULL) != 0)
		return 1;
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("counter %d\n", counter);
	return 0;
}
