/*
 * leave-ipc.c - creates one of each IPC object that outlives processes,
 * says which (as "KIND NAME-OR-ID", the trace's words), and exits without
 * removing any: POSIX shared memory /argv[1], and a System V shared
 * memory segment, semaphore set and message queue.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

static int check(int r, const char *what)
{
	if (r < 0) {
		perror(what);
		exit(1);
	}
	return r;
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "proclab-leak";
	char path[256];

	snprintf(path, sizeof path, "/%s", name);
	close(check(shm_open(path, O_CREAT | O_RDWR, 0600), "shm_open"));
	printf("posix-shm %s\n", name);
	printf("sysv-shm %d\n", check(shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600), "shmget"));
	printf("sysv-sem %d\n", check(semget(IPC_PRIVATE, 1, IPC_CREAT | 0600), "semget"));
	printf("sysv-msg %d\n", check(msgget(IPC_PRIVATE, IPC_CREAT | 0600), "msgget"));
	return 0;
}
