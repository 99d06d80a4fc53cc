/*
 * hygiene.c - IPC objects a run leaves behind.
 *
 * Processes die with the run (run.c kills them); shared memory,
 * semaphores and message queues do not: a POSIX object stays in /dev/shm
 * (or /dev/mqueue) and a System V one in the kernel until someone removes
 * it.  Before a run we note what exists; afterwards every new object owned
 * by the run's uid is recorded in the trace and then removed, so the
 * machine is as clean as before and the check can name what leaked.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <dirent.h>
#include <mqueue.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

/* Each object as "kind name"; kind is posix-shm, posix-mq, sysv-shm, sysv-sem, sysv-msg. */
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

		if (de->d_name[0] != '.' && lstat(path, &st) == 0 && st.st_uid == uid) {
			*v = xrealloc(*v, (n + 1) * sizeof **v);
			(*v)[n++] = xasprintf("%s %s", kind, de->d_name);
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
		if (k > uidcol && col[uidcol] == (long)uid) {
			*v = xrealloc(*v, (n + 1) * sizeof **v);
			(*v)[n++] = xasprintf("%s %ld", kind, col[1]);
		}
	}
	fclose(f);
	return n;
}

int ipc_list(uid_t uid, char ***v)
{
	int n = 0;

	*v = NULL;
	n = list_dir_objects("/dev/shm", "posix-shm", uid, v, n);
	n = list_dir_objects("/dev/mqueue", "posix-mq", uid, v, n);
	n = list_sysv("/proc/sysvipc/shm", "sysv-shm", 7, uid, v, n);
	n = list_sysv("/proc/sysvipc/sem", "sysv-sem", 4, uid, v, n);
	n = list_sysv("/proc/sysvipc/msg", "sysv-msg", 7, uid, v, n);
	return n;
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
	if (strcmp(kind, "posix-shm") == 0) {
		char *path = xasprintf("/dev/shm/%s", name);

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
