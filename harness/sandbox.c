/*
 * sandbox.c - each run in namespaces of its own.
 *
 * Before it drops to its uid, the run's first process moves into new
 * mount, IPC and network namespaces (and a user namespace first, when the
 * grader is not root: that is what lets an ordinary user make the rest).
 * No PID namespace: the trace's writer pids must be the harness's pids.
 *
 *   mount:   a fresh tmpfs on /dev/shm (POSIX shared memory and named
 *            semaphores), on /tmp and /var/tmp; empty read-only tmpfs over
 *            /home, /root, /srv, /mnt, /media, /work, /run, the folder
 *            holding the build folder, and the folders
 *            sandbox_hide() named (the kit, the submission, the hidden
 *            scenarios, and the folders they are in); then the run's own
 *            build folder is put back, read-only.
 *   IPC:     System V objects and POSIX message queues of its own (a
 *            fresh mqueue file system on /dev/mqueue, where it exists).
 *   network: only a loopback interface, brought up: no way out.
 *
 * The harness holds the run's namespaces open (sandbox_hold) until it has
 * looked inside for the IPC objects the run left behind (hygiene.c); when
 * it lets go, the kernel frees the namespaces and everything in them.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define MAXHIDE 32

/* Folders no run may see; sandbox_hide() adds to the end. */
static const char *hidden[MAXHIDE] = {
	"/home", "/root", "/srv", "/mnt", "/media", "/work",
	"/run",         /* sockets: D-Bus, docker.sock; world-writable /run/lock */
};
static int nhidden = 7;

/*
 * Hide dir and the folder it is in: the kit's labs/ sits beside solutions/,
 * and a submission beside the other students' submissions.
 */
void sandbox_hide(const char *dir)
{
	char *real = dir ? realpath(dir, NULL) : NULL, *slash;

	if (real == NULL || nhidden + 2 > MAXHIDE) {
		free(real);
		return;
	}
	hidden[nhidden++] = xstrdup(real);
	slash = strrchr(real, '/');
	if (slash && slash != real) {
		*slash = '\0';
		hidden[nhidden++] = real;
	} else {
		free(real);
	}
}

/* Write s to the file at path (a /proc/self map); 0 or -1. */
static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

/* An ordinary user maps its own uid and gid into the new user namespace. */
static int map_self(uid_t uid, gid_t gid)
{
	char map[64];

	/* A process that changed uid is not dumpable, and its /proc/self
	   files are root's: it could not write its own maps. */
	if (prctl(PR_SET_DUMPABLE, 1) < 0)
		return -1;
	snprintf(map, sizeof map, "%d %d 1\n", (int)uid, (int)uid);
	if (write_file("/proc/self/uid_map", map) < 0)
		return -1;
	if (write_file("/proc/self/setgroups", "deny\n") < 0)
		return -1;
	snprintf(map, sizeof map, "%d %d 1\n", (int)gid, (int)gid);
	return write_file("/proc/self/gid_map", map);
}

static int tmpfs(const char *at, const char *opts)
{
	return mount("proclab", at, "tmpfs", MS_NOSUID | MS_NODEV, opts);
}

/* mkdir -p: the mount point for the build folder, inside a hiding tmpfs. */
static int make_path(const char *path)
{
	char p[PATH_MAX];

	snprintf(p, sizeof p, "%s", path);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			if (mkdir(p, 0755) < 0 && errno != EEXIST)
				return -1;
			*s = '/';
		}
	return mkdir(p, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

/*
 * Cover each folder that exists (and is not already covered) with an empty
 * tmpfs.  The covers stay writable until seal_all: the build folder's
 * mount point is made inside one.
 */
static char covered[MAXHIDE][PATH_MAX];
static int ncovered;

static int by_length(const void *a, const void *b)
{
	size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);

	return (la > lb) - (la < lb);
}

static int hide_all(void)
{
	/* Shorter paths first: a folder inside one covered already is gone. */
	qsort(hidden, nhidden, sizeof hidden[0], by_length);
	for (int i = 0; i < nhidden; i++) {
		char *real = covered[ncovered];
		struct stat st;

		if (realpath(hidden[i], real) == NULL || strcmp(real, "/") == 0 ||
		    stat(real, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;       /* gone, or under a folder hidden already */
		if (!strcmp(real, "/tmp") || !strcmp(real, "/var/tmp") || !strcmp(real, "/dev/shm"))
			continue;       /* the run's own already, and writable */
		if (tmpfs(real, "mode=0755,size=64k") < 0)
			return -1;
		ncovered++;
	}
	return 0;
}

/* Nothing the run may write but its own /tmp, /var/tmp and /dev/shm. */
static int seal_all(const char *build)
{
	struct statvfs vfs;
	unsigned long keep = 0;

	for (int i = 0; i < ncovered; i++)
		if (mount(NULL, covered[i], NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0)
			return -1;
	/* A bind keeps its source's locked flags: a remount must repeat them. */
	if (statvfs(build, &vfs) < 0)
		return -1;
	keep |= (vfs.f_flag & ST_NOSUID) ? MS_NOSUID : 0;
	keep |= (vfs.f_flag & ST_NODEV) ? MS_NODEV : 0;
	keep |= (vfs.f_flag & ST_NOEXEC) ? MS_NOEXEC : 0;
	return mount(NULL, build, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | keep, NULL);
}

/* Bring up lo, so a run may talk to itself over 127.0.0.1. */
static int loopback_up(void)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), r;

	if (s < 0)
		return -1;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
	r = ioctl(s, SIOCGIFFLAGS, &ifr);
	if (r == 0) {
		ifr.ifr_flags |= IFF_UP;
		r = ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	close(s);
	return r;
}

/*
 * In the run's first process, before it drops privileges: enter new
 * namespaces and set up the file system the run sees, with dir (the build
 * folder) still where it was.  0, or -1 with errno when the machine does
 * not allow it (then nothing has changed, or the process must not run).
 */
int sandbox_enter(const char *dir)
{
	int flags = CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWNET;
	uid_t uid = getuid();
	gid_t gid = getgid();
	char real[PATH_MAX], from[64];
	int fd;

	if (realpath(dir, real) == NULL)
		return -2;
	if (geteuid() != 0)
		flags |= CLONE_NEWUSER;
	if (unshare(flags) < 0)
		return -1;      /* nothing changed: the caller may run unisolated */
	if ((flags & CLONE_NEWUSER) && map_self(uid, gid) < 0)
		return -2;
	/* Our mounts stay ours: nothing propagates back to the machine. */
	fd = open(real, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    tmpfs("/dev/shm", "mode=1777,size=256m") < 0 ||
	    tmpfs("/tmp", "mode=1777,size=64m") < 0 ||
	    (access("/var/tmp", F_OK) == 0 && tmpfs("/var/tmp", "mode=1777,size=64m") < 0))
		return -2;
	/* The build folder's neighbours are other graders' build folders. */
	sandbox_hide(real);
	if (hide_all() < 0)
		return -2;
	/* The queues of our IPC namespace, not the machine's, on /dev/mqueue. */
	if (access("/dev/mqueue", F_OK) == 0 &&
	    mount("mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return -2;
	/* The build folder, hidden with the rest, is put back in its place. */
	snprintf(from, sizeof from, "/proc/self/fd/%d", fd);
	if (make_path(real) < 0 || mount(from, real, NULL, MS_BIND | MS_REC, NULL) < 0 ||
	    seal_all(real) < 0)
		return -2;
	close(fd);
	return loopback_up() < 0 ? -2 : 0;
}

/* Open pid's namespace of kind ("mnt", "ipc", "user"); -1 when it cannot. */
static int open_ns(pid_t pid, const char *kind)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, kind);
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* The harness, once pid has entered its namespaces: keep them to look in later. */
int sandbox_hold(struct sandbox *sb, pid_t pid)
{
	sb->user = geteuid() != 0 ? open_ns(pid, "user") : -1;
	sb->mnt = open_ns(pid, "mnt");
	sb->ipc = open_ns(pid, "ipc");
	if (sb->mnt < 0 || sb->ipc < 0 || (geteuid() != 0 && sb->user < 0)) {
		sandbox_release(sb);
		return -1;
	}
	return 0;
}

/* In a child of the harness: step into the run's namespaces; 0 or -1. */
int sandbox_join(const struct sandbox *sb)
{
	if (sb->user >= 0 && setns(sb->user, CLONE_NEWUSER) < 0)
		return -1;
	if (setns(sb->mnt, CLONE_NEWNS) < 0 || setns(sb->ipc, CLONE_NEWIPC) < 0)
		return -1;
	return chdir("/");
}

/* Let the namespaces go: with no process left in them, the kernel frees them. */
void sandbox_release(struct sandbox *sb)
{
	int *fds[] = { &sb->user, &sb->mnt, &sb->ipc };

	for (int i = 0; i < 3; i++)
		if (*fds[i] >= 0) {
			close(*fds[i]);
			*fds[i] = -1;
		}
}
