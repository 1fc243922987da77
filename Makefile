# fragtrack: trace Linux memory fragmentation with eBPF and draw it.
VERSION := 0.1.0
# libbcc itself (LLVM) is dlopen()ed by the BPF compiler child only
PKGS := libbcc yajl ncursesw
LINK_PKGS := yajl ncursesw

CC ?= cc
BUILD ?= build
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(LINK_PKGS) 2>/dev/null) -lbcc_bpf -ldl -lm
# gnuplot templates: found in the source tree by default
DATADIR ?= $(CURDIR)/gnuplot
WARN := -Wall -Wextra -Werror
CFLAGS ?= -O2 -g
ALL_CFLAGS := $(CFLAGS) $(WARN) -std=gnu11 -D_GNU_SOURCE \
	-DFRAGTRACK_VERSION='"$(VERSION)"' -DFRAGTRACK_DATADIR='"$(DATADIR)"' \
	$(PKG_CFLAGS) -I.
# gcc's "undefined" leaves out float-cast-overflow (1e20 into an integer)
SAN := -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined,float-cast-overflow

# The folders along the data path (see CONTRIBUTING): everything but
# main(), shared by the binary and the unit tests.  probes/*.bpf.c is BPF
# text, embedded, not compiled here.
DIRS := cmd probes trace model json plot ui util
LIB_SRCS := $(sort $(filter-out %.bpf.c,$(foreach d,$(DIRS),$(wildcard $(d)/*.c))))
HEADERS := $(foreach d,$(DIRS),$(wildcard $(d)/*.h))
GEN_SRCS := $(BUILD)/bpf_text.c
UNIT_TESTS := $(patsubst test/unit/%.c,%,$(wildcard test/unit/unit_*.c))

OBJS := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRCS)) $(BUILD)/bpf_text.o
ASAN_OBJS := $(patsubst %.c,$(BUILD)/asan/%.o,$(LIB_SRCS)) $(BUILD)/asan/bpf_text.o

.PHONY: all deps prepare check check-unit asan plot bench clean fuzz fuzz-build
all: fragtrack $(BUILD)/fragload

fragtrack: $(BUILD)/fragtrack.o $(OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/asan/fragtrack: $(BUILD)/asan/fragtrack.o $(ASAN_OBJS)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(PKG_LIBS)

# the BPF text: event.h and bpf_prog.c, then each probe's NAME.bpf.c as
# ft_bpf_text_NAME
BPF_SRCS := $(sort $(wildcard probes/*.bpf.c))
$(BUILD)/bpf_text.c: probes/event.h bpf_prog.c $(BPF_SRCS) scripts/embed.sh
	@mkdir -p $(dir $@)
	{ scripts/embed.sh ft_bpf_common_text probes/event.h bpf_prog.c && \
	  for f in $(BPF_SRCS); do \
		scripts/embed.sh ft_bpf_text_$$(basename $$f .bpf.c) $$f || exit 1; \
	  done; } > $@.tmp && mv $@.tmp $@

$(BUILD)/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -MMD -c -o $@ $<

$(BUILD)/bpf_text.o: $(BUILD)/bpf_text.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/asan/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (asan)"
	@$(CC) $(ALL_CFLAGS) $(SAN) -c -o $@ $<

$(BUILD)/asan/bpf_text.o: $(BUILD)/bpf_text.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (asan)"
	@$(CC) $(ALL_CFLAGS) $(SAN) -c -o $@ $<

$(BUILD)/test/%: test/unit/%.c $(OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(OBJS) $(PKG_LIBS)

$(BUILD)/asan/test/%: test/unit/%.c $(ASAN_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -o $@ $< $(ASAN_OBJS) $(PKG_LIBS)

$(BUILD)/pagemap_bench: bench/pagemap_bench.c $(OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(OBJS) $(PKG_LIBS)

$(BUILD)/fragload: test/helpers/fragload.c
	@mkdir -p $(dir $@)
	$(CC) -O2 $(WARN) -o $@ $<

asan: $(BUILD)/asan/fragtrack $(addprefix $(BUILD)/asan/test/,$(UNIT_TESTS))

deps:
	scripts/install-deps.sh

# libFuzzer target over the reader, report and plot's aggregation (clang,
# ASan + UBSan).  `make fuzz` runs it for FUZZ_TIME seconds (fuzz/README).
FUZZ_CC ?= clang
FUZZ_TIME ?= 300
FUZZ_SRCS := json/reader.c json/writer.c model/record.c model/fields.c model/stats.c \
	model/pagemap.c cmd/report.c plot/aggregate.c plot/grid.c plot/zones.c plot/samples.c \
	plot/pagemaps.c plot/gnuplot.c util/text.c util/outdir.c
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
$(BUILD)/fuzz/fuzz_reader: fuzz/fuzz_reader.c $(FUZZ_SRCS) $(HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_FLAGS) -o $@ fuzz/fuzz_reader.c $(FUZZ_SRCS) \
		$(shell pkg-config --libs yajl 2>/dev/null) -lm

fuzz: $(BUILD)/fuzz/fuzz_reader
	fuzz/run.sh $(BUILD)/fuzz $(FUZZ_TIME) $(FUZZ_ARGS)

# as root: compile the BPF object for the running kernel into the cache
prepare: fragtrack
	./fragtrack --prepare

# The whole suite: unit tests, end-to-end on the real kernel (as root),
# and the same again under ASan/UBSan.  TAP, read by prove.
check: all asan $(addprefix $(BUILD)/test/,$(UNIT_TESTS)) fuzz-build
	prove -v test/*.t

check-unit: all $(addprefix $(BUILD)/test/,$(UNIT_TESTS)) fuzz-build
	FT_ONLY_UNIT=1 prove -v test/*.t

# the fuzz target when clang has libFuzzer (test/40-fuzz.t skips otherwise)
fuzz-build:
	@if fuzz/have-libfuzzer.sh $(FUZZ_CC); then \
		$(MAKE) --no-print-directory $(BUILD)/fuzz/fuzz_reader; \
	else \
		echo "no $(FUZZ_CC) with libFuzzer: test/40-fuzz.t will skip"; \
	fi

OUT ?= fragplot
plot: fragtrack
	@test -n "$(RUN)" || { echo "usage: make plot RUN=a.json [CMP=b.json] [OUT=dir]" >&2; exit 2; }
	./fragtrack plot "$(RUN)" $(if $(CMP),--compare "$(CMP)") -o "$(OUT)"

bench: all $(BUILD)/pagemap_bench
	bench/record_bench.sh
	bench/plot_bench.sh
	$(BUILD)/pagemap_bench

clean:
	rm -rf $(BUILD) fragtrack

-include $(wildcard $(BUILD)/*.d $(foreach d,$(DIRS),$(BUILD)/$(d)/*.d))
