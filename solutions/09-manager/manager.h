/*
 * manager.h - a manager: a server process that owns a list and a dict,
 * and proxies that reach them from any process, in the shape of Python's
 * multiprocessing.Manager.
 *
 *     Python                                C
 *     manager = Manager()                   struct manager *m = manager_start();
 *     l = manager.list(); d = manager.dict()   (one list and one dict a manager)
 *     l.append(x)                           list_append(m, &x);
 *     x = l[i]                              list_get(m, i, &x);
 *     l[i] = x                              list_set(m, i, &x);
 *     len(l)                                list_len(m);
 *     x = l.pop(i);  x = l.pop()            list_pop(m, i, &x);  list_pop(m, -1, &x);
 *     d[k] = x                              dict_set(m, k, &x);
 *     x = d[k]                              dict_get(m, k, &x);
 *     del d[k]                              dict_delete(m, k);
 *     list(d.keys())                        dict_keys(m, keys, max);
 *     len(d)                                dict_len(m);
 *     manager.address                       manager_address(m)
 *     manager.shutdown()                    manager_shutdown(m);
 *     IndexError / KeyError                 -1 with errno ERANGE / ENOENT
 *
 * PROVIDED: do not change this file; the grader always uses its own copy.
 *
 * Values are integers and UTF-8 strings (struct mvalue, mproto.h); dict
 * keys are strings.  Every call is one request to the server and one
 * reply (the protocol is in mproto.h): nothing is kept in the caller, so
 * what one process changed, every other sees on its next call.  A value
 * a call hands back is the caller's own copy.
 *
 * What may be assumed:
 *   - manager_start is called BEFORE the processes that use it are
 *     forked; they inherit the handle (a struct manager * is valid in
 *     every process forked after manager_start);
 *   - one thread per process uses a manager;
 *   - manager_shutdown is called by the process that called
 *     manager_start, once no other process uses the manager.
 *
 * Functions return -1 and set errno on error; none of them prints or
 * exits.  A server-side error comes back as that error: ERANGE (Python's
 * IndexError), ENOENT (KeyError), EILSEQ (a string not UTF-8), E2BIG (a
 * string over MSTR_MAX bytes); after shutdown, or if the server is gone,
 * EPIPE (or connect's ECONNREFUSED, ENOENT).
 */
#ifndef MANAGER_H
#define MANAGER_H

#include <stddef.h>
#include <sys/types.h>

#include "mproto.h"

/* Opaque: its fields are proxy.c's business. */
struct manager;

/*
 * Start the server process, with an empty list and an empty dict,
 * listening on a Unix-domain socket at a fresh path in /tmp (as Python's
 * does).  Returns the handle, or NULL with errno, leaving nothing behind.
 */
struct manager *manager_start(void);

/* The server's pid, and the socket's path (Python's manager.address). */
pid_t manager_pid(struct manager *m);
const char *manager_address(struct manager *m);

/* The list: 0, or -1 with errno.  An index < 0 counts from the end. */
int list_append(struct manager *m, const struct mvalue *v);
int list_get(struct manager *m, long long i, struct mvalue *out);
int list_set(struct manager *m, long long i, const struct mvalue *v);
long long list_len(struct manager *m);          /* the length, or -1 */
int list_pop(struct manager *m, long long i, struct mvalue *out);

/* The dict: 0, or -1 with errno (ENOENT: no such key). */
int dict_set(struct manager *m, const char *key, const struct mvalue *v);
int dict_get(struct manager *m, const char *key, struct mvalue *out);
int dict_delete(struct manager *m, const char *key);
long long dict_len(struct manager *m);          /* the length, or -1 */

/*
 * The keys in insertion order (as Python's dict keeps them): the first
 * max of them into keys[] (each an MV_STR); returns how many there are in
 * all (more than max: the rest were left out), or -1 with errno.
 */
long long dict_keys(struct manager *m, struct mvalue *keys, size_t max);

/*
 * Stop the server: it finishes the request it is serving, removes its
 * socket, and exits 0; the caller reaps it.  Returns 0 once the server is
 * gone.  Idempotent: a second call returns 0 and does nothing.  Every
 * other call on m fails afterwards (EPIPE); m's few bytes stay allocated
 * so that those calls are safe.
 * Errors: -1 with errno EIO if the server had died or did not exit 0
 * (it is reaped all the same); EPERM if the caller is not the process
 * that started the manager (only the server's parent can reap it).
 */
int manager_shutdown(struct manager *m);

/*
 * Provided (mprint.c), for the programs: print the list or the dict as
 * Python's print does, ['Hello!!', '你好'] and {'name': 'shiyi'}, with a
 * newline; each item is a request.  0, or -1 with errno (nothing printed).
 */
int print_list(struct manager *m);
int print_dict(struct manager *m);

/*
 * The server's loop (server.c), run by manager_start in the server
 * process: serve clients on the listening socket lfd until a shutdown
 * request has been answered; then close lfd and every connection and
 * return 0 (the server process then _exits 0).  -1 with errno if the
 * server cannot go on (poll fails).  It never returns for a client's
 * sake: a client that sends garbage, stalls or dies is that client's
 * problem.
 */
int server_run(int lfd);

#endif
