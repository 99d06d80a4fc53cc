/*
 * sandbox.c - each run, and each build, in namespaces of its own.
 *
 * Before it drops to its uid, the run's first process moves into new
 * mount, IPC and network namespaces (and a user namespace first, when the
 * grader is not root: that is what lets an ordinary user make the rest).
 * No PID namespace: the trace's writer pids must be the harness's pids.
 *
 *   mount:   every top-level folder but the system's own (/usr, /etc,
 *            /lib, /bin, /dev, /proc, /sys ...) is covered with an empty
 *            tmpfs, and so are the folders sandbox_hide() named (the kit,
 *            the submission, the hidden scenarios, and the folders they
 *            are in); the build folder is put back in its place; then the
 *            whole tree is read-only but a fresh tmpfs on /tmp, /var/tmp
 *            and /dev/shm (and the build folder, for a build).  Nothing a
 *            run writes outlives it; no run can leave a file for the next.
 *   IPC:     System V objects and POSIX message queues of its own (a
 *            fresh mqueue file system on /dev/mqueue, where it exists),
 *            System V shared memory capped.
 *   network: only a loopback interface, brought up: no way out.
 *
 * After it has dropped to its uid, sandbox_user() gives the run a user
 * namespace of its own (kernel keyrings the next run cannot see, no
 * further namespaces) and a new session keyring.
 *
 * The harness holds the run's namespaces open (sandbox_hold) until it has
 * looked inside for the IPC objects the run left behind (hygiene.c); when
 * it lets go, the kernel frees the namespaces and everything in them.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <dirent.h>
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
#include <sys/syscall.h>
#include <linux/keyctl.h>
#include <unistd.h>

#define MAXHIDE 64
#define SHM_MAX (256L << 20)    /* System V shared memory a run may have */

/* The top-level folders a run may see, read-only: the system, not its users. */
static const char *visible[] = {
	"bin", "dev", "etc", "lib", "lib32", "lib64", "libx32", "proc", "sbin", "sys",
	"tmp", "usr", NULL
};

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

/*
 * Map one uid and gid, inner, of a new user namespace to our own, outer,
 * in the namespace it was made in (all an unprivileged process may map).
 */
static int map_ids(uid_t inner, uid_t outer, gid_t ginner, gid_t gouter)
{
	char map[64];

	/* A process that changed uid is not dumpable, and its /proc/self
	   files are root's: it could not write its own maps. */
	if (prctl(PR_SET_DUMPABLE, 1) < 0)
		return -1;
	snprintf(map, sizeof map, "%u %u 1\n", (unsigned)inner, (unsigned)outer);
	if (write_file("/proc/self/uid_map", map) < 0)
		return -1;
	if (write_file("/proc/self/setgroups", "deny\n") < 0)
		return -1;
	snprintf(map, sizeof map, "%u %u 1\n", (unsigned)ginner, (unsigned)gouter);
	return write_file("/proc/self/gid_map", map);
}

/*
 * The outer of a run's two user namespaces: we are its root, which lets us
 * set its limits (only its root may): the one user namespace it may hold
 * is the inner one sandbox_user() makes, where the run has its own uid
 * back and can make no namespace of its own.
 */
static uid_t run_uid;
static gid_t run_gid;
static int in_userns;           /* this process made the outer namespace */

static int outer_userns(int flags)
{
	run_uid = getuid();
	run_gid = getgid();
	if (unshare(CLONE_NEWUSER | flags) < 0)
		return -1;
	if (map_ids(0, run_uid, 0, run_gid) < 0 ||
	    write_file("/proc/sys/user/max_user_namespaces", "1\n") < 0)
		return -2;
	in_userns = 1;
	return 0;
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
 * tmpfs.  The covers stay writable until seal_all: mount points are made
 * inside them.
 */
static char covered[MAXHIDE][PATH_MAX];
static int ncovered;

static int by_length(const void *a, const void *b)
{
	size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);

	return (la > lb) - (la < lb);
}

/* Hide every top-level folder but the system's: /home, /opt, /var, /work ... */
static void hide_top_level(void)
{
	DIR *d = opendir("/");
	struct dirent *de;

	if (d == NULL)
		return;         /* hide_all still covers the named ones */
	while ((de = readdir(d)) != NULL && nhidden < MAXHIDE) {
		int seen = de->d_name[0] == '.';

		for (const char **v = visible; *v && !seen; v++)
			seen = strcmp(*v, de->d_name) == 0;
		if (!seen && de->d_type == DT_DIR)   /* a link leads into the rest */
			hidden[nhidden++] = xasprintf("/%s", de->d_name);
	}
	closedir(d);
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
			continue;       /* the run's own, next */
		if (tmpfs(real, "mode=0755,size=64k") < 0)
			return -1;
		ncovered++;
	}
	return 0;
}

/* The run's own writable folders, each a fresh tmpfs: what it writes dies with it. */
static const char *own[] = { "/tmp", "/var/tmp", "/dev/shm", "/dev/mqueue" };
static int owned[4];

static int own_folders(int var_tmp)
{
	owned[0] = tmpfs("/tmp", "mode=1777,size=64m") == 0;
	/* /var may be covered by now: its tmp is made again inside the cover */
	owned[1] = var_tmp && make_path("/var/tmp") == 0 &&
		   tmpfs("/var/tmp", "mode=1777,size=64m") == 0;
	owned[2] = tmpfs("/dev/shm", "mode=1777,size=256m") == 0;
	/* The queues of our IPC namespace, not the machine's, on /dev/mqueue. */
	owned[3] = access("/dev/mqueue", F_OK) == 0 &&
		   mount("mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC,
			 NULL) == 0;
	if (!owned[0] || (var_tmp && !owned[1]) || !owned[2] ||
	    (access("/dev/mqueue", F_OK) == 0 && !owned[3]))
		return -1;
	return 0;
}

/*
 * Everything read-only, at once and below every mount, but the run's own
 * folders, /proc (the run writes its own /proc/self files; the kernel
 * guards the rest) and, for a build, the build folder.
 */
static int seal_all(const char *build, int how)
{
	struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };
	struct mount_attr rw = { .attr_clr = MOUNT_ATTR_RDONLY };

	if (mount_setattr(AT_FDCWD, "/", AT_RECURSIVE, &ro, sizeof ro) < 0)
		return -1;
	for (int i = 0; i < 4; i++)
		if (owned[i] && mount_setattr(AT_FDCWD, own[i], 0, &rw, sizeof rw) < 0)
			return -1;
	if (mount_setattr(AT_FDCWD, "/proc", 0, &rw, sizeof rw) < 0)
		return -1;
	return how & SB_WRITABLE ? mount_setattr(AT_FDCWD, build, 0, &rw, sizeof rw) : 0;
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

/* System V shared memory of the run's IPC namespace: SHM_MAX in all. */
static int cap_sysv_shm(void)
{
	char n[32];

	snprintf(n, sizeof n, "%ld\n", SHM_MAX);
	if (write_file("/proc/sys/kernel/shmmax", n) < 0)
		return -1;
	snprintf(n, sizeof n, "%ld\n", SHM_MAX / sysconf(_SC_PAGESIZE));
	return write_file("/proc/sys/kernel/shmall", n);
}

/*
 * In the run's first process, before it drops privileges: enter new
 * namespaces and set up the file system the run sees, with dir (the build
 * folder) still where it was; writable when the build runs in it
 * (SB_WRITABLE), in a PID namespace of its own (SB_PIDNS: its next child
 * is the namespace's pid 1; only an ordinary user's runs need one).  0, or
 * -1 with errno when the machine does not allow it (then nothing has
 * changed), or -2 when it failed half-way (the process must not run).
 */
int sandbox_enter(const char *dir, int how)
{
	int flags = CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWNET, r;
	char real[PATH_MAX], from[64];
	int fd, var_tmp = access("/var/tmp", F_OK) == 0;

	if (realpath(dir, real) == NULL)
		return -2;
	if (how & SB_PIDNS)
		flags |= CLONE_NEWPID;
	r = geteuid() != 0 ? outer_userns(flags) : unshare(flags);
	if (r < 0)
		return r;       /* -1: nothing changed, the caller may run unisolated */
	/* Our mounts stay ours: nothing propagates back to the machine. */
	fd = open(real, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -2;
	/* The build folder's neighbours are other graders' build folders. */
	hide_top_level();
	sandbox_hide(real);
	if (hide_all() < 0 || own_folders(var_tmp) < 0)
		return -2;
	/* The build folder, hidden with the rest, is put back in its place. */
	snprintf(from, sizeof from, "/proc/self/fd/%d", fd);
	if (make_path(real) < 0 || mount(from, real, NULL, MS_BIND, NULL) < 0 ||
	    seal_all(real, how) < 0)
		return -2;
	close(fd);
	return cap_sysv_shm() < 0 || loopback_up() < 0 ? -2 : 0;
}

/*
 * In the run's first process, after it dropped to the run's uid: the
 * inner user namespace, where the run is its own uid again, with kernel
 * keyrings of its own (user keyrings belong to a user namespace) and no
 * way to make a namespace.  When the grader is root, sandbox_enter made
 * no user namespace: both are made here.  The session keyring the grader
 * gave us is left for a new, empty one.  0 or -1.
 */
int sandbox_user(int as_root)
{
	if (as_root && !in_userns && outer_userns(0) < 0) {
		/* none here: at least empty the run uid's own keyrings */
		syscall(SYS_keyctl, KEYCTL_CLEAR, KEY_SPEC_USER_KEYRING);
		syscall(SYS_keyctl, KEYCTL_CLEAR, KEY_SPEC_USER_SESSION_KEYRING);
	}
	if (in_userns && (unshare(CLONE_NEWUSER) < 0 || map_ids(run_uid, 0, run_gid, 0) < 0))
		return -1;
	return syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 ? -1 : 0;
}

/*
 * The folder of our own memory cgroup: cgroup v1's memory hierarchy (as
 * here), or the unified v2 one with the memory controller; NULL when
 * there is none we may write.  The caller frees.
 */
static char *memory_cgroup(int *v2)
{
	char line[512], *path = NULL;
	FILE *f = fopen("/proc/self/cgroup", "r");

	if (f == NULL)
		return NULL;
	while (path == NULL && fgets(line, sizeof line, f)) {
		char *rest = strchr(line, ':'), *own;

		line[strcspn(line, "\n")] = '\0';
		if (rest == NULL || (own = strchr(rest + 1, ':')) == NULL)
			continue;
		*own++ = '\0';
		if (strcmp(rest + 1, "memory") == 0)
			path = xasprintf("/sys/fs/cgroup/memory%s", own);
	}
	fclose(f);
	*v2 = path == NULL;
	if (path == NULL) {     /* v2: a child of the root, where "memory" is on */
		char *on = read_file("/sys/fs/cgroup/cgroup.subtree_control", 4096, NULL);

		if (on && strstr(on, "memory"))
			path = xstrdup("/sys/fs/cgroup");
		free(on);
	}
	if (path && access(path, W_OK) < 0) {
		free(path);
		path = NULL;
	}
	return path;
}

/*
 * All of a run's processes, pid and what it starts, share one memory
 * limit: a cgroup of the run's slot (uid), its memory and swap capped at
 * bytes.  RLIMIT_AS caps one process; six of them, or System V shared
 * memory, or a full /dev/shm, are caught here.  0, or -1 where this
 * machine gives us no memory cgroup (an ordinary user, most often).
 */
int sandbox_memory(uid_t slot, pid_t pid, long bytes)
{
	int v2, ok;
	char *base = memory_cgroup(&v2), *dir, *p, n[32];

	if (base == NULL)
		return -1;
	dir = xasprintf("%s/proclab-%u", base, (unsigned)slot);
	free(base);
	snprintf(n, sizeof n, "%ld\n", bytes);
	ok = mkdir(dir, 0755) == 0 || errno == EEXIST;
	p = xasprintf("%s/%s", dir, v2 ? "memory.max" : "memory.limit_in_bytes");
	ok = ok && write_file(p, n) == 0;
	free(p);
	/* swap counts too: memsw (v1) is memory plus swap, swap.max (v2) swap alone */
	p = xasprintf("%s/%s", dir, v2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes");
	if (access(p, F_OK) == 0)
		ok = ok && write_file(p, v2 ? "0\n" : n) == 0;
	free(p);
	snprintf(n, sizeof n, "%d\n", (int)pid);
	p = xasprintf("%s/cgroup.procs", dir);
	ok = ok && write_file(p, n) == 0;
	free(p);
	free(dir);
	return ok ? 0 : -1;
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
