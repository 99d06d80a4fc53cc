/*
 * probe-host.c - what a hostile run tries against the machine and the
 * other runs, one fact a line (check_run's "apart" case reads them):
 *   kill: denied | ok            kill(argv[1], 0): a process outside the run
 *   root: denied | ok            open /proc/argv[1]/root: its file system
 *   write: denied | ok           make a file in argv[2], a world-writable folder
 *   key: none | found            a key "proclab-test" in our user or session keyring
 *   key-add: ok | failed         then leave one there for the next run
 *   userns: refused | ok         make a user namespace of our own
 *   sysv-shm: refused | ok       a 512 MiB System V shared memory segment
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *ok(int r)
{
	return r < 0 ? "denied" : "ok";
}

static long find_key(int ring)
{
	return syscall(SYS_keyctl, KEYCTL_SEARCH, ring, "user", "proclab-test", 0);
}

int main(int argc, char **argv)
{
	pid_t other = argc > 1 ? atoi(argv[1]) : 1;
	char path[256];
	long key;
	int fd, shm;

	printf("kill: %s\n", ok(kill(other, 0)));
	snprintf(path, sizeof path, "/proc/%d/root/", (int)other);
	fd = open(path, O_RDONLY | O_DIRECTORY);
	printf("root: %s\n", ok(fd));
	snprintf(path, sizeof path, "%s/left-by-a-run", argc > 2 ? argv[2] : "/var/tmp");
	fd = open(path, O_CREAT | O_WRONLY, 0644);
	printf("write: %s\n", ok(fd));
	key = find_key(KEY_SPEC_USER_KEYRING);
	if (key < 0)
		key = find_key(KEY_SPEC_SESSION_KEYRING);
	printf("key: %s\n", key < 0 ? "none" : "found");
	key = syscall(SYS_add_key, "user", "proclab-test", "x", 1, KEY_SPEC_USER_KEYRING);
	printf("key-add: %s\n", key < 0 ? "failed" : "ok");
	printf("userns: %s\n", unshare(CLONE_NEWUSER) < 0 ? "refused" : "ok");
	shm = shmget(IPC_PRIVATE, 512L << 20, IPC_CREAT | 0600);
	printf("sysv-shm: %s\n", shm < 0 ? "refused" : "ok");
	if (shm >= 0)
		shmctl(shm, IPC_RMID, NULL);
	return 0;
}
