/*
 * hygiene.c - IPC objects a run leaves behind.
 *
 * Processes die with the run (run.c kills them); shared memory,
 * semaphores and message queues do not: a POSIX object stays in /dev/shm
 * (or /dev/mqueue) and a System V one in the kernel until someone removes
 * it.  A sandboxed run (sandbox.c) has a /dev/shm and IPC namespace of
 * its own: afterwards a helper steps inside, and every object there is
 * the run's; it is recorded in the trace, and the kernel frees it with the
 * namespace.  Where runs cannot be sandboxed we note what the run's uid
 * owns before the run; afterwards every new object of that uid is
 * recorded and then removed.  Either way the machine is as clean as
 * before and the check can name what leaked.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Each object as "kind name"; kind is posix-shm, posix-sem (a named
 * semaphore, /dev/shm/sem.NAME), posix-mq, sysv-shm, sysv-sem or sysv-msg.
 * uid ANY_UID: every owner.
 */
static int list_dir_objects(const char *dir, const char *kind, uid_t uid,
			    char ***v, int n)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return n;
	while ((de = readdir(d)) != NULL) {
		char *path = xasprintf("%s/%s", dir, de->d_name);
		struct stat st;

		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && lstat(path, &st) == 0 &&
		    (uid == ANY_UID || st.st_uid == uid)) {
			int sem = strcmp(kind, "posix-shm") == 0 &&
				  strncmp(de->d_name, "sem.", 4) == 0;

			*v = xrealloc(*v, (n + 1) * sizeof **v);
			(*v)[n++] = xasprintf("%s %s", sem ? "posix-sem" : kind,
					      de->d_name + (sem ? 4 : 0));
		}
		free(path);
	}
	closedir(d);
	return n;
}

/* /proc/sysvipc/{shm,sem,msg}: the id is column 2, the owner's uid column uidcol. */
static int list_sysv(const char *file, const char *kind, int uidcol, uid_t uid,
		     char ***v, int n)
{
	FILE *f = fopen(file, "r");
	char line[512];

	if (f == NULL)
		return n;
	if (fgets(line, sizeof line, f) == NULL) {      /* the header */
		fclose(f);
		return n;
	}
	while (fgets(line, sizeof line, f)) {
		char *save, *w = strtok_r(line, " \t\n", &save);
		long col[16];
		int k = 0;

		for (; w && k < 16; w = strtok_r(NULL, " \t\n", &save))
			col[k++] = strtol(w, NULL, 10);
		if (k > uidcol && (uid == ANY_UID || col[uidcol] == (long)uid)) {
			*v = xrealloc(*v, (n + 1) * sizeof **v);
			(*v)[n++] = xasprintf("%s %ld", kind, col[1]);
		}
	}
	fclose(f);
	return n;
}

/* The objects of uid, with the POSIX queues' file system mounted on mqdir. */
static int list_all(uid_t uid, const char *mqdir, char ***v)
{
	int n = 0;

	*v = NULL;
	n = list_dir_objects("/dev/shm", "posix-shm", uid, v, n);
	n = list_dir_objects(mqdir, "posix-mq", uid, v, n);
	n = list_sysv("/proc/sysvipc/shm", "sysv-shm", 7, uid, v, n);
	n = list_sysv("/proc/sysvipc/sem", "sysv-sem", 4, uid, v, n);
	n = list_sysv("/proc/sysvipc/msg", "sysv-msg", 7, uid, v, n);
	return n;
}

int ipc_list(uid_t uid, char ***v)
{
	return list_all(uid, "/dev/mqueue", v);
}

void ipc_free(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void ipc_remove(const char *obj)
{
	char kind[16], name[256];

	if (sscanf(obj, "%15s %255s", kind, name) != 2)
		return;
	if (strcmp(kind, "posix-shm") == 0 || strcmp(kind, "posix-sem") == 0) {
		char *path = xasprintf("/dev/shm/%s%s",
				       strcmp(kind, "posix-sem") == 0 ? "sem." : "", name);

		unlink(path);
		free(path);
	} else if (strcmp(kind, "posix-mq") == 0) {
		char *q = xasprintf("/%s", name);

		mq_unlink(q);
		free(q);
	} else if (strcmp(kind, "sysv-shm") == 0) {
		shmctl(atoi(name), IPC_RMID, NULL);
	} else if (strcmp(kind, "sysv-sem") == 0) {
		semctl(atoi(name), 0, IPC_RMID);
	} else if (strcmp(kind, "sysv-msg") == 0) {
		msgctl(atoi(name), IPC_RMID, NULL);
	}
}

/* Record in t, and remove, each object of uid that is not in before. */
void ipc_sweep(uid_t uid, char **before, int nbefore, struct trace *t)
{
	char **now;
	int n = ipc_list(uid, &now);

	for (int i = 0; i < n; i++) {
		int old = 0;

		for (int j = 0; j < nbefore && !old; j++)
			old = strcmp(now[i], before[j]) == 0;
		if (old)
			continue;
		trace_add_ipc(t, now[i]);
		ipc_remove(now[i]);
	}
	ipc_free(now, n);
}

/*
 * The helper inside the run's namespaces: each object there, one a line,
 * to fd.  POSIX queues are seen by mounting the namespace's mqueue file
 * system, on the run's own /tmp (nobody else sees that mount).
 */
static void list_inside(const struct sandbox *sb, int fd)
{
	char **v;
	int n;

	if (sandbox_join(sb) < 0) {
		dprintf(fd, "? cannot enter the run's namespaces: %s\n", strerror(errno));
		_exit(1);
	}
	/* not /dev/mqueue: if mounted there, it is the machine's queues */
	if (mount("mqueue", "/tmp", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		dprintf(fd, "? cannot look for POSIX message queues: %s\n", strerror(errno));
		_exit(1);
	}
	n = list_all(ANY_UID, "/tmp", &v);
	for (int i = 0; i < n; i++)
		dprintf(fd, "%s\n", v[i]);
	_exit(0);
}

/*
 * Record every IPC object inside a sandboxed run's namespaces.  Nothing to
 * remove: they go with the namespaces.  If the helper cannot look, the
 * run is charged with an object named "?" and the reason, so the check
 * fails ("cannot decide") rather than passes.
 */
void ipc_sweep_inside(const struct sandbox *sb, struct trace *t)
{
	int p[2], status;
	char line[512];
	FILE *f;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0 || (pid = fork()) < 0)
		die("hygiene helper: %s", strerror(errno));
	if (pid == 0) {
		close(p[0]);
		list_inside(sb, p[1]);
	}
	close(p[1]);
	f = fdopen(p[0], "r");
	if (f == NULL)
		die("fdopen: %s", strerror(errno));
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		trace_add_ipc(t, line);
	}
	fclose(f);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		if (t->nipc == 0)
			trace_add_ipc(t, "? the hygiene helper failed");
}
