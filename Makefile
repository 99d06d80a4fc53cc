# proclab - processes and IPC, lab by lab, with a grader that checks what happened.
#
#   make grade     grade the labs in labs/ (LAB=02-join, SUBMISSION=DIR, FORMAT=json,
#                  TRACES=DIR, HIDDEN=DIR, UNIT_MS=N)
#   make check     the kit's own tests
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
STAGES    = $(addprefix $(B)/harness/,util.o trace.o hygiene.o run.o build.o check.o report.o)
TESTS     = $(patsubst harness/tests/%.c,$(B)/tests/%,$(wildcard harness/tests/check_*.c))
TESTPROGS = $(patsubst harness/tests/progs/%.c,$(B)/progs/%,$(wildcard harness/tests/progs/*.c))

GRADEFLAGS = $(if $(LAB),--lab $(LAB)) $(if $(SUBMISSION),--submission $(SUBMISSION)) \
	     $(if $(FORMAT),--format $(FORMAT)) $(if $(TRACES),--traces $(TRACES)) \
	     $(if $(HIDDEN),--hidden $(HIDDEN)) $(if $(UNIT_MS),--unit-ms $(UNIT_MS))

.PHONY: all grade check skeletons help clean setup
.DELETE_ON_ERROR:

all: $(HARNESS)

help:
	@sed -n 's/^#   //p' Makefile

setup $(B)/.setup: scripts/setup
	@scripts/setup
	@mkdir -p $(B) && touch $(B)/.setup

$(B)/harness/%.o: harness/%.c harness/harness.h | $(B)/.setup
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -DCHECK_LIBS='"$(CHECKLIBS)"' -c -o $@ $<

$(HARNESS): $(B)/harness/main.o $(STAGES)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: harness/tests/%.c $(STAGES)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Iharness -o $@ $^ $(LDLIBS) $(CHECKLIBS)

# Small programs the run-stage tests execute.
$(B)/progs/%: harness/tests/progs/%.c | $(B)/.setup
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O1 -Wall -Wextra -o $@ $<

# labs/ is made from solutions/ (scripts/mkskel); `make check` proves it is current.
skeletons:
	scripts/mkskel solutions labs

grade: $(HARNESS)
	$(HARNESS) grade $(GRADEFLAGS)

check: $(HARNESS) $(TESTS) $(TESTPROGS)
	@for t in $(TESTS); do echo "== $$t"; PROGS=$(B)/progs $$t || exit 1; done
	scripts/check-labs

clean:
	rm -rf $(B) $(HARNESS)
