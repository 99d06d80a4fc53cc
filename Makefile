# proclab - processes and IPC, lab by lab, with a grader that checks what happened.
#
#   make grade     grade the labs in labs/ (LAB=02-join, SUBMISSION=DIR, FORMAT=json,
#                  TRACES=DIR, HIDDEN=DIR, UNIT_MS=N; INSTRUCTOR=1 shows hidden
#                  scenarios' names and messages, kept from students otherwise;
#                  SEED=N replays the chaos scheduling a failed check printed)
#   make check     the kit's own tests (harness suites, labs end to end, figures, demo, slides);
#                  LAB=06-queue: that lab's only (skeleton current, every program
#                  builds, solution full marks, skeleton fails, its wrong and right
#                  cases, its handout's Python twins)
#   make skeletons labs/ anew from solutions/ (scripts/mkskel; never edit labs/ by hand)
#   make setup     install what the kit needs (Debian packages; scripts/setup)
#   make slides    the lecture decks: build/slides/NN-topic.pdf, -notes.pdf, .html
#                  (slides/README.md; DECKS="01-fork 02-join": those only)
#   make clean     remove build/ and the harness
#   make help      this list
#
# Flags come from pkg-config when a recipe runs, after scripts/setup has
# installed what was missing: hence "=" and not ":=".

CC       ?= cc
CFLAGS    = -std=gnu11 -g -O2 -Wall -Wextra $(shell pkg-config --cflags libcjson check)
CHECKLIBS = $(shell pkg-config --libs check)
LDLIBS    = $(shell pkg-config --libs libcjson)
B         = build

HARNESS   = harness/proclab
# The stages, without main.c: the harness's tests link them too.
STAGES    = $(addprefix $(B)/harness/,util.o fields.o trace.o sandbox.o relay.o hygiene.o run.o build.o check.o report.o)
TESTS     = $(patsubst harness/tests/%.c,$(B)/tests/%,$(wildcard harness/tests/check_*.c))
TESTPROGS = $(patsubst harness/tests/progs/%.c,$(B)/progs/%,$(wildcard harness/tests/progs/*.c))

GRADEFLAGS = $(if $(LAB),--lab $(LAB)) $(if $(SUBMISSION),--submission $(SUBMISSION)) \
	     $(if $(FORMAT),--format $(FORMAT)) $(if $(TRACES),--traces $(TRACES)) \
	     $(if $(HIDDEN),--hidden $(HIDDEN)) $(if $(UNIT_MS),--unit-ms $(UNIT_MS)) \
	     $(if $(INSTRUCTOR),--instructor) $(if $(SEED),--seed $(SEED))

.PHONY: all grade check skeletons help clean setup slides
.DELETE_ON_ERROR:

all: $(HARNESS)

help:
	@sed -n 's/^#   //p' Makefile

setup $(B)/.setup: scripts/setup
	@scripts/setup
	@mkdir -p $(B) && touch $(B)/.setup

# make slides and make check need pandoc and TeX too (scripts/setup slides).
$(B)/.setup-slides: scripts/setup
	@scripts/setup slides
	@mkdir -p $(B) && touch $(B)/.setup-slides

$(B)/harness/%.o: harness/%.c harness/harness.h | $(B)/.setup
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -DCHECK_LIBS='"$(CHECKLIBS)"' -c -o $@ $<

$(HARNESS): $(B)/harness/main.o $(STAGES)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: harness/tests/%.c $(STAGES)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Iharness -o $@ $^ $(LDLIBS) $(CHECKLIBS)

# The chaos runtime's tests link the kit's runtime itself.
$(B)/tests/check_chaos: solutions/common/chaos.c
$(B)/tests/check_chaos: CFLAGS += -Isolutions/common

# Small programs the run-stage tests execute.
$(B)/progs/%: harness/tests/progs/%.c | $(B)/.setup
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O1 -Wall -Wextra -o $@ $<

# ... one of them built as a ThreadSanitizer lab's programs are (lab.json "thread_sanitizer").
$(B)/progs/tsan-%: harness/tests/progs/tsan-%.c | $(B)/.setup
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O1 -Wall -Wextra -fsanitize=thread -o $@ $<

# labs/ is made from solutions/ (scripts/mkskel); `make check` proves it is current.
skeletons:
	scripts/mkskel solutions labs

grade: $(HARNESS)
	$(HARNESS) grade $(GRADEFLAGS)

ifdef LAB
check: $(HARNESS)
	scripts/check-labs $(LAB)
	scripts/python-mirror $(LAB)
else
check: $(HARNESS) $(TESTS) $(TESTPROGS) | $(B)/.setup-slides
	@for t in $(TESTS); do echo "== $$t"; PROGS=$(B)/progs $$t || exit 1; done
	scripts/check-labs
	scripts/python-mirror
	scripts/test-plots
	scripts/test-demo
	scripts/test-hostile
	scripts/test-slides
endif

clean:
	rm -rf $(B) $(HARNESS)

# ---- demo: live lecture timelines (harness/demo.c, scripts/demos/LAB.json) ----
#   make demo      list the demos; DEMO=02-join runs one live at 1 s a unit
#                  (VARIANT=broken, UNIT_MS=N, SUBMISSION=DIR: whose code runs)
DEMOFLAGS = $(if $(VARIANT),--variant $(VARIANT)) $(if $(UNIT_MS),--unit-ms $(UNIT_MS)) \
	    $(if $(SUBMISSION),--submission $(SUBMISSION))

# `proclab demo` is a subcommand of the one harness command.
$(HARNESS): $(B)/harness/demo.o

.PHONY: demo
demo: $(HARNESS)
	@$(HARNESS) demo $(DEMOFLAGS) $(DEMO)
# ---- end demo ----

# ---- figures and benchmarks: make plots, make bench (scripts/plots/README.md) ----
#   make plots     measure here, draw the lecture figures into build/plots (SVG, PNG, PDF)
#   make bench     the kit vs system calls vs Python table, one CPU (build/bench/bench.csv),
#                  then what the grader's trace costs a line vs a pipe into cat
#                  (scripts/bench/trace-cost, build/bench/trace-cost.csv)
# The C side links the reference solutions at -O2; each program in
# $(BENCHDIR) lists its own sources, one recipe builds them all.
BENCHDIR    = $(B)/bench
BENCHCFLAGS = -std=gnu11 -O2 -Wall -Wextra -pthread -Isolutions/common \
	      -Isolutions/02-join -Isolutions/04-lock -Isolutions/05-shared-memory \
	      -Isolutions/06-queue -Isolutions/07-pipe -Isolutions/09-manager -Isolutions/10-pool \
	      -Isolutions/11-threads
BENCHPROGS  = $(addprefix $(BENCHDIR)/,bench join-n 3-counter 3-counter-race pool-order shared-global)
TRACEPROGS  = $(addprefix $(BENCHDIR)/,lines seqfloor timed)

.PHONY: plots bench

bench: $(BENCHPROGS) $(BENCHDIR)/nothing $(TRACEPROGS) $(HARNESS)
	scripts/bench/run
	scripts/bench/trace-cost

plots: $(BENCHPROGS) $(BENCHDIR)/nothing $(HARNESS) | $(B)/.setup
	scripts/plots/measure $(B)/plots
	scripts/plots/render $(B)/plots $(B)/plots

$(BENCHDIR)/bench: scripts/bench/bench.c solutions/02-join/process.c \
	solutions/04-lock/lock.c solutions/05-shared-memory/shvalue.c \
	solutions/06-queue/queue.c solutions/07-pipe/conn.c solutions/09-manager/proxy.c \
	solutions/09-manager/server.c solutions/09-manager/mproto.c solutions/10-pool/pool.c \
	solutions/11-threads/thread.c
$(BENCHDIR)/pool-order: scripts/bench/pool-order.c solutions/10-pool/pool.c
$(BENCHDIR)/shared-global: scripts/bench/shared-global.c solutions/11-threads/thread.c
$(BENCHDIR)/join-n: scripts/bench/join-n.c solutions/02-join/process.c
$(BENCHDIR)/3-counter: solutions/05-shared-memory/3-counter.c solutions/05-shared-memory/shvalue.c
$(BENCHDIR)/3-counter-race: solutions/05-shared-memory/3-counter-race.c \
	solutions/05-shared-memory/shvalue.c
$(BENCHPROGS): solutions/common/proclab.c
	@mkdir -p $(@D)
	$(CC) $(BENCHCFLAGS) -o $@ $^ -lrt

# The trace's cost: the program it traces, the socket's floor, the timer.
$(TRACEPROGS): $(BENCHDIR)/%: scripts/bench/%.c
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O2 -Wall -Wextra -o $@ $<

# Static when libc.a is there: exec then loads no dynamic linker.
$(BENCHDIR)/nothing: scripts/bench/nothing.c
	@mkdir -p $(@D)
	$(CC) -O2 -static -o $@ $< 2>/dev/null || $(CC) -O2 -o $@ $<
# ---- end of figures and benchmarks ----

# ---- slides: one deck per lab (slides/README.md) ----
# Quotes are made from solutions/ and the grader at every build; figures
# from make plots' data in build/plots, or the sample data.
slides: $(HARNESS) | $(B)/.setup-slides
	scripts/slides/build $(DECKS)
# ---- end slides ----
