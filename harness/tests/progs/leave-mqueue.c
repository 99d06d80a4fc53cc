/* leave-mqueue.c - creates the POSIX message queue /argv[1] and exits
   without mq_unlink: the queue outlives the process. */
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	char path[256];
	mqd_t q;

	snprintf(path, sizeof path, "/%s", argc > 1 ? argv[1] : "proclab-leak");
	if ((q = mq_open(path, O_CREAT | O_RDWR, 0600, NULL)) == (mqd_t)-1) {
		perror("mq_open");
		return 1;
	}
	printf("posix-mq %s\n", path + 1);
	return 0;
}
