/*
 * probe-sandbox.c - says what a run can see, one fact a line:
 *   secret: hidden | readable     can it open argv[1] (a file outside)?
 *   shm: N                        entries in /dev/shm at the start
 *   tmp: hidden | readable        can it open argv[2] (a file in /tmp)?
 *   tmp-write: ok | failed        can it make a file in /tmp?
 *   if: NAME up|down              each network interface it has
 *   self: ok | failed             can it read its own folder?
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *seen(const char *path)
{
	int fd = path ? open(path, O_RDONLY) : -1;

	if (fd < 0)
		return "hidden";
	close(fd);
	return "readable";
}

static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	struct ifaddrs *ifs, *i;
	int fd;

	printf("secret: %s\n", seen(argc > 1 ? argv[1] : NULL));
	printf("shm: %d\n", entries("/dev/shm"));
	printf("tmp: %s\n", seen(argc > 2 ? argv[2] : NULL));
	fd = open("/tmp/probe", O_CREAT | O_WRONLY, 0600);
	printf("tmp-write: %s\n", fd >= 0 && write(fd, "x", 1) == 1 ? "ok" : "failed");
	if (getifaddrs(&ifs) == 0) {
		for (i = ifs; i; i = i->ifa_next)
			if (i->ifa_addr && i->ifa_addr->sa_family == AF_PACKET)
				printf("if: %s %s\n", i->ifa_name,
				       (i->ifa_flags & IFF_UP) ? "up" : "down");
		freeifaddrs(ifs);
	}
	printf("self: %s\n", entries(".") > 0 ? "ok" : "failed");
	return 0;
}
