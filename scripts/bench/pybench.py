"""pybench.py - the Python side of the benchmarks: time one multiprocessing
primitive, print the mean cost of one operation in nanoseconds (as bench.c).

Usage: /usr/bin/python3 pybench.py MODE ITERS
       /usr/bin/python3 pybench.py race NPROCS K LOCK(0|1)
       /usr/bin/python3 pybench.py global N K
       /usr/bin/python3 pybench.py manager-latency N

  start-join        Process(target=noop).start(); join()   (fork start method)
  start-join-spawn  the same with the spawn start method
  lock              Lock().acquire(); release()
  value             with v.get_lock(): v.value += 1         (Value('i', 0))
  thread            Thread(target=noop).start(); join()
  pipe              a round trip of one small bytes message over Pipe();
                    pipe:BYTES, of a message of BYTES bytes
  queue             q.put(x); q.get()                        (Queue(10))
  pool              Pool(2).map(twice, range(ITERS), chunksize=1): the cost
                    of one item (the pool made and joined outside the time)
  pool-apply        pool.apply_async(twice, (i,)).get() on Pool(2), one task
                    at a time: a task's round trip
  manager           l.append(i) and l[i] taking turns on Manager().list():
                    one request (ITERS of them)
  race              NPROCS processes do v.value += 1 K times each: prints
                    the final count and the updates lost
  global            a global counter += 1, K times by each of N threads (under
                    a Lock), then by each of N processes: prints
                    "threads N MAIN_SEES" and "processes N PARENT_SEES CHILD_SEES"
  manager-latency   N single requests of each kind on Manager(), the kinds
                    taking turns (l.append, l[i], d[k] = v, d[k]): one line
                    "KIND NS" per request

Run with Debian's /usr/bin/python3: a shim on PATH adds 100+ ms a start.
"""
import multiprocessing as mp
import sys
import threading
import time


def noop():
    pass


def echo(conn, other):
    other.close()       # the parent's end, copied by fork: else no EOF
    try:
        while True:
            conn.send_bytes(conn.recv_bytes())
    except EOFError:
        pass


def twice(x):
    return 2 * x


def add(v, k, locked):
    if locked:
        for _ in range(k):
            with v.get_lock():
                v.value += 1
    else:
        for _ in range(k):
            v.value += 1    # read, add, write: three steps, not one


def bench(mode, n):
    if mode == "thread":
        t0 = time.perf_counter_ns()
        for _ in range(n):
            t = threading.Thread(target=noop)
            t.start()
            t.join()
        return time.perf_counter_ns() - t0
    if mode in ("start-join", "start-join-spawn"):
        ctx = mp.get_context("spawn" if mode.endswith("spawn") else "fork")
        t0 = time.perf_counter_ns()
        for _ in range(n):
            p = ctx.Process(target=noop)
            p.start()
            p.join()
            if p.exitcode != 0:
                sys.exit("pybench: child failed")
        return time.perf_counter_ns() - t0
    if mode == "lock":
        lock = mp.Lock()
        t0 = time.perf_counter_ns()
        for _ in range(n):
            lock.acquire()
            lock.release()
        return time.perf_counter_ns() - t0
    if mode == "value":
        v = mp.Value("i", 0)
        t0 = time.perf_counter_ns()
        for _ in range(n):
            with v.get_lock():
                v.value += 1
        t = time.perf_counter_ns() - t0
        assert v.value == n
        return t
    if mode == "pipe" or mode.startswith("pipe:"):
        msg = b"x" * int(mode[5:] or 1)
        a, b = mp.Pipe()
        p = mp.get_context("fork").Process(target=echo, args=(b, a))
        p.start()
        b.close()
        t0 = time.perf_counter_ns()
        for _ in range(n):
            a.send_bytes(msg)
            a.recv_bytes()
        t = time.perf_counter_ns() - t0
        a.close()
        p.join()
        return t
    if mode == "queue":
        q = mp.Queue(10)
        t0 = time.perf_counter_ns()
        for i in range(n):
            q.put(i)
            q.get()
        t = time.perf_counter_ns() - t0
        q.close()
        q.join_thread()
        return t
    if mode == "pool":
        with mp.get_context("fork").Pool(2) as pool:
            t0 = time.perf_counter_ns()
            ys = pool.map(twice, range(n), chunksize=1)
            t = time.perf_counter_ns() - t0
            pool.close()
            pool.join()
        assert ys == [2 * x for x in range(n)]
        return t
    if mode == "pool-apply":
        with mp.get_context("fork").Pool(2) as pool:
            t0 = time.perf_counter_ns()
            for i in range(n):
                if pool.apply_async(twice, (i,)).get() != 2 * i:
                    sys.exit("pybench: pool apply is wrong")
            t = time.perf_counter_ns() - t0
            pool.close()
            pool.join()
        return t
    if mode == "manager":
        with mp.get_context("fork").Manager() as manager:
            lst = manager.list()
            t0 = time.perf_counter_ns()
            for i in range(n):
                if i % 2 == 0:
                    lst.append(i // 2)
                elif lst[i // 2] != i // 2:
                    sys.exit("pybench: manager list is wrong")
            return time.perf_counter_ns() - t0
    sys.exit("pybench: unknown mode " + mode)


counter = 0


def add_global(k, lock, conn=None):
    global counter
    for _ in range(k):
        with lock:
            counter += 1
    if conn is not None:
        conn.send(counter)


def shared_global(n, k):
    global counter
    lock = threading.Lock()
    ts = [threading.Thread(target=add_global, args=(k, lock)) for _ in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print("threads", n, counter)
    counter = 0
    sys.stdout.flush()      # else each child prints the line again
    a, b = mp.Pipe(duplex=False)
    ps = [mp.get_context("fork").Process(target=add_global, args=(k, lock, b))
          for _ in range(n)]
    for p in ps:
        p.start()
    seen = [a.recv() for _ in ps]
    for p in ps:
        p.join()
    print("processes", n, counter, max(seen))


def manager_latency(n):
    kinds = ("list-append", "list-get", "dict-set", "dict-get")
    with mp.get_context("fork").Manager() as manager:
        lst, d = manager.list(), manager.dict()
        for i in range(n):
            key = "k%d" % (i % 64)
            for kind in kinds:
                t0 = time.perf_counter_ns()
                if kind == "list-append":
                    lst.append(i)
                elif kind == "list-get":
                    v = lst[i]
                elif kind == "dict-set":
                    d[key] = i
                else:
                    v = d[key]
                t = time.perf_counter_ns() - t0
                if kind.endswith("get") and v != i:
                    sys.exit("pybench: manager value is wrong")
                print(kind, t)


def race(nprocs, k, locked):
    v = mp.Value("i", 0, lock=bool(locked))
    ps = [mp.get_context("fork").Process(target=add, args=(v, k, locked))
          for _ in range(nprocs)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(v.value, nprocs * k - v.value)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "race":
        race(*map(int, sys.argv[2:]))
    elif len(sys.argv) == 4 and sys.argv[1] == "global":
        shared_global(*map(int, sys.argv[2:]))
    elif len(sys.argv) == 3 and sys.argv[1] == "manager-latency":
        manager_latency(int(sys.argv[2]))
    elif len(sys.argv) == 3:
        n = int(sys.argv[2])
        print("%.1f" % (bench(sys.argv[1], n) / n))
    else:
        sys.exit(__doc__)
