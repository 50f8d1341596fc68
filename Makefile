# SPDX-License-Identifier: Apache-2.0
#
# Tessera: build the hypervisor, run it, test it.
#   make            build/tessera.bin and build/tessera.elf
#   make run        install what is missing, build, boot the demo under QEMU
#   make test       install what is missing, build, run every test (last line: the summary)
#   make unit       host unit tests only (cmocka)
#   make systest    system tests only (QEMU)

VERSION := 0.1.0
BUILD   ?= build
CROSS   ?= aarch64-linux-gnu-
CC      := $(CROSS)gcc
LD      := $(CROSS)ld
OBJCOPY := $(CROSS)objcopy
NM      := $(CROSS)nm
HOSTCC  ?= gcc
# Debian's own interpreter: pytest and pexpect come from Debian's packages.
PYTHON  ?= /usr/bin/python3
SYSROOT ?= .deps/arm64
LIBFDT_A := $(SYSROOT)/usr/lib/aarch64-linux-gnu/libfdt.a
GIT_REV := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
# The cross compiler's own headers (stdint.h, stdarg.h). Asked only when a rule needs it, and
# once: `make run` on a fresh machine parses this file before setup installs the compiler.
CC_INCLUDE = $(eval CC_INCLUDE := $(shell $(CC) -print-file-name=include 2>/dev/null))$(CC_INCLUDE)

# ---------------------------------------------------------------- the hypervisor
HYP_DIRS := hyp/arch/arm64 hyp/platform hyp/drivers hyp/core hyp/core/sched hyp/virt hyp/pv hyp/lib
HYP_SRCS := $(foreach d,$(HYP_DIRS),$(sort $(wildcard $(d)/*.c) $(wildcard $(d)/*.S)))
HYP_OBJS := $(patsubst %,$(BUILD)/%.o,$(basename $(HYP_SRCS)))

HYP_CPPFLAGS = -nostdinc -isystem $(CC_INCLUDE) \
	-Ihyp/include/libc -Ihyp/include -Ihyp/arch/arm64/include \
	-isystem $(SYSROOT)/usr/include \
	-DTESSERA_VERSION='"$(VERSION)"' -DTESSERA_GIT_REV='"$(GIT_REV)"'
# Layers point down (docs/ARCHITECTURE.md): a part sees the headers of the parts it may call
# and no others, so an include against the layers fails to build. Each view is a directory of
# links, $(BUILD)/include/<view>/<part> -> hyp/<part>: arch, platform, drivers, lib and core
# see drivers and platform; virt sees virt too; pv, and guest_traps.c (the one dispatch into
# pv and virt), see pv and virt.
HYP_VIEW_base := drivers platform
HYP_VIEW_virt := drivers platform virt
HYP_VIEW_pv   := drivers platform virt pv
HYP_VIEW_DIR   = $(BUILD)/include
hyp_view = $(if $(filter hyp/pv/% hyp/arch/arm64/guest_traps.c,$1),pv,$(if $(filter hyp/virt/%,$1),virt,base))
hyp_view_flags = -I$(HYP_VIEW_DIR)/$(call hyp_view,$1)

$(HYP_VIEW_DIR)/%/.view:
	@mkdir -p $(dir $@)
	@for part in $(HYP_VIEW_$*); do ln -sfn $(abspath hyp)/$$part $(dir $@)$$part; done
	@touch $@

HYP_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-builtin \
	-Werror=implicit-function-declaration \
	-fno-common -fno-pie -fno-pic -fno-stack-protector -fno-omit-frame-pointer \
	-mgeneral-regs-only -mno-outline-atomics -mstrict-align -mcmodel=small \
	-march=armv8-a -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-ffunction-sections -fdata-sections
HYP_ASFLAGS := -g -D__ASSEMBLY__
HYP_LDFLAGS := -nostdlib -static -no-pie -T hyp/arch/arm64/tessera.lds \
	--no-dynamic-linker -z noexecstack -z max-page-size=4096 --build-id=none

.PHONY: all
all: $(BUILD)/tessera.bin

$(LIBFDT_A):
	@echo "libfdt for arm64 is missing: run scripts/setup.sh (make setup)"; exit 1

HYP_VIEWS := $(foreach v,base virt pv,$(HYP_VIEW_DIR)/$(v)/.view)

$(BUILD)/hyp/%.o: hyp/%.c | $(HYP_VIEWS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(HYP_CPPFLAGS) $(call hyp_view_flags,$<) $(HYP_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/hyp/%.o: hyp/%.S | $(HYP_VIEWS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(HYP_CPPFLAGS) $(call hyp_view_flags,$<) $(HYP_ASFLAGS) -MMD -MP -c $< -o $@

# Prints the compiler's include flags for a source file as the build gives them (the layering
# test compiles scratch files with them): make -s hyp-include-flags SRC=hyp/core/x.c
.PHONY: hyp-include-flags
hyp-include-flags: | $(HYP_VIEWS)
	@echo $(HYP_CPPFLAGS) $(call hyp_view_flags,$(SRC))

# Two links: the first gives the addresses of every function, which become the symbol table
# the crash backtrace prints from; it sits after all code, so the second link moves no code.
$(BUILD)/tessera.0.elf: $(HYP_OBJS) $(BUILD)/symbols.0.o $(LIBFDT_A) hyp/arch/arm64/tessera.lds
	$(LD) $(HYP_LDFLAGS) -o $@ $(HYP_OBJS) $(BUILD)/symbols.0.o $(LIBFDT_A)

$(BUILD)/symbols.0.S: scripts/gen-symbols.sh
	@mkdir -p $(BUILD)
	scripts/gen-symbols.sh /dev/null > $@

$(BUILD)/symbols.S: $(BUILD)/tessera.0.elf scripts/gen-symbols.sh
	$(NM) -n --defined-only $< | scripts/gen-symbols.sh - > $@

$(BUILD)/symbols.0.o $(BUILD)/symbols.o: $(BUILD)/%.o: $(BUILD)/%.S
	$(CC) $(HYP_ASFLAGS) -c $< -o $@

$(BUILD)/tessera.elf: $(HYP_OBJS) $(BUILD)/symbols.o $(LIBFDT_A)
	$(LD) $(HYP_LDFLAGS) -o $@ $(HYP_OBJS) $(BUILD)/symbols.o $(LIBFDT_A)
	@$(NM) -n $(BUILD)/tessera.0.elf | grep -i ' t ' > $(BUILD)/text.0.syms
	@$(NM) -n $@ | grep -i ' t ' > $(BUILD)/text.syms
	@cmp -s $(BUILD)/text.0.syms $(BUILD)/text.syms || \
		{ echo "the symbol table moved code between links"; exit 1; }

$(BUILD)/tessera.bin: $(BUILD)/tessera.elf
	$(OBJCOPY) -O binary $< $@
	@echo "built $@ ($$(stat -c %s $@) bytes)"

-include $(HYP_OBJS:.o=.d)

# The same sources must also compile with clang (a second compiler's warnings catch more).
CLANG ?= clang
CLANG_CFLAGS := --target=aarch64-linux-gnu $(filter-out -mcmodel=small,$(HYP_CFLAGS))
CLANG_OBJS := $(patsubst %,$(BUILD)/clang/%.o,$(basename $(HYP_SRCS)))

$(BUILD)/clang/hyp/%.o: hyp/%.c | $(HYP_VIEWS)
	@mkdir -p $(dir $@)
	@echo "  CLANG   $<"
	@$(CLANG) $(HYP_CPPFLAGS) $(call hyp_view_flags,$<) $(CLANG_CFLAGS) -c $< -o $@

$(BUILD)/clang/hyp/%.o: hyp/%.S | $(HYP_VIEWS)
	@mkdir -p $(dir $@)
	@$(CLANG) --target=aarch64-linux-gnu $(HYP_CPPFLAGS) $(call hyp_view_flags,$<) $(HYP_ASFLAGS) -c $< -o $@

.PHONY: clang-build
clang-build: $(CLANG_OBJS)

# ---------------------------------------------------------------- setup, run
# The real guests: Debian's arm64 kernel and a busybox initramfs (scripts/fetch-linux.sh).
LINUX_GUEST := $(BUILD)/linux/Image $(BUILD)/linux/Image.gz $(BUILD)/linux/initramfs.cpio.gz
$(LINUX_GUEST) &: scripts/fetch-linux.sh
	@scripts/fetch-linux.sh $(BUILD)/linux
.PHONY: linux
linux: $(LINUX_GUEST)

.PHONY: setup run
setup:
	@scripts/setup.sh

# The demo: examples/demo.cfg through tessera-imagebuilder, booted by the qemu.sh it writes.
run: setup
	@$(MAKE) --no-print-directory all guests linux $(BUILD)/tools/imagebuilder $(BUILD)/virt-gicv3.dtb
	@scripts/run-demo.sh

# ---------------------------------------------------------------- tests
# Portable modules compiled for the host and linked into the cmocka tests.
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Ihyp/include -Ihyp/arch/arm64/include -Ihyp
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/test_*.c))
# Each test names the hypervisor sources it tests in a line "// UNIT-SOURCES: a.c b.c", and
# any host libraries it needs beyond cmocka in "// UNIT-LIBS: -lfdt -lz".
unit_sources = $(addprefix hyp/,$(shell sed -n 's|^// UNIT-SOURCES: ||p' $(1)))
unit_libs = $(shell sed -n 's|^// UNIT-LIBS: ||p' $(1))
# tests/unit/include comes first: its host stand-ins (asm/sysreg.h) shadow the arm64 headers.
UNIT_CFLAGS = -Itests/unit/include $(HOST_CFLAGS)
UNIT_DEPS := $(wildcard hyp/core/*.c hyp/lib/*.c hyp/arch/arm64/inject.c hyp/arch/arm64/include/asm/*.h hyp/pv/evtchn*.[ch] hyp/pv/grant_state.* \
	hyp/pv/console_budget.* hyp/virt/vgic*.[ch] hyp/include/tessera/*.h hyp/include/public/*.h \
	tests/unit/*.[ch] tests/unit/include/*/*.h)

$(BUILD)/unit/%: tests/unit/%.c $(UNIT_DEPS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_CFLAGS) -o $@ $< $(call unit_sources,$<) -lcmocka $(call unit_libs,$<)

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer; any report fails.
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_TESTS := $(patsubst $(BUILD)/unit/%,$(BUILD)/unit-san/%,$(UNIT_TESTS))

$(BUILD)/unit-san/%: tests/unit/%.c $(UNIT_DEPS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_CFLAGS) $(SAN_FLAGS) -o $@ $< $(call unit_sources,$<) -lcmocka $(call unit_libs,$<)

# The boot shim the system tests boot with -kernel to enter Tessera from another address or
# with another x0 (tests/shim/shim.S; tests/system/shim.py patches its two parameters).
SHIM := $(BUILD)/tests/shim.bin

$(BUILD)/tests/shim.o: tests/shim/shim.S
	@mkdir -p $(dir $@)
	$(CC) -c $< -o $@

$(SHIM): $(BUILD)/tests/shim.o
	$(OBJCOPY) -O binary -j .text.shim $< $@

.PHONY: unit systest test trace shim
shim: $(SHIM)

trace:
	@$(PYTHON) scripts/trace.py

unit: $(UNIT_TESTS) $(SAN_TESTS)
	@set -e; for t in $(UNIT_TESTS) $(SAN_TESTS); do echo "== $$t"; $$t; done

systest: all $(SHIM) guests
	TESSERA_BUILD=$(abspath $(BUILD)) $(PYTHON) -m pytest -q tests/system

# One runner for everything, so that the last line is one summary. Make builds (GCC -Werror,
# clang, unit tests plain and sanitized, fuzz targets, guests) and checks traceability; then
# one pytest run holds every test and gate: the cmocka binaries (tests/test_unit.py), the kept
# fuzz inputs (test_fuzz_corpus.py), `make check` (test_check.py), each fuzz target for
# FUZZ_CI_TIME seconds (test_fuzzing.py), `make bench-short` (test_bench.py, never fails on a
# number) and the QEMU system tests (tests/system). README.md gives the time of each part.
FUZZ_CI_TIME ?= 30
test: setup
	@$(MAKE) --no-print-directory all clang-build $(UNIT_TESTS) $(SAN_TESTS) $(SHIM) linux guests $(BUILD)/tools/imagebuilder $(XEN_IMAGE)
	@$(MAKE) --no-print-directory trace
	TESSERA_BUILD=$(abspath $(BUILD)) TESSERA_FUZZ_TIME=$(FUZZ_CI_TIME) $(PYTHON) -m pytest -v -rfE --durations=15 tests

# One formatter for all C (.clang-format); CI checks it through make test.
FORMAT_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
.PHONY: format format-check
format:
	@clang-format -i $(FORMAT_FILES)

format-check:
	@clang-format --dry-run -Werror $(FORMAT_FILES) && echo "format: $(words $(FORMAT_FILES)) files clean"

.PHONY: clean
clean:
	rm -rf $(BUILD)

# ---------------------------------------------------------------- test guests
# Bare-metal EL1 guests (guests/runtime + one file of guests/tests each), booted like a Linux
# arm64 Image. Static PIE linked at 0: start.S applies the R_AARCH64_RELATIVE relocations,
# and the link fails if any other dynamic relocation appears. They share hyp/lib's string,
# number and printf code and hyp/core/fdt_util.c rather than copies.
READELF := $(CROSS)readelf
GUEST_RT_SRCS := $(sort $(wildcard guests/runtime/*.c guests/runtime/*.S))
GUEST_LIB_SRCS := hyp/lib/string.c hyp/lib/strtoul.c hyp/lib/vsnprintf.c hyp/lib/errno.c \
	hyp/core/fdt_util.c
GUEST_NAMES := $(sort $(basename $(notdir $(wildcard guests/tests/*.c))))
GUEST_COMMON_OBJS := $(patsubst guests/%,$(BUILD)/guests/%.o,$(basename $(GUEST_RT_SRCS))) \
	$(patsubst hyp/%,$(BUILD)/guests/hyp/%.o,$(basename $(GUEST_LIB_SRCS)))
GUEST_BINS := $(patsubst %,$(BUILD)/guests/%.bin,$(GUEST_NAMES))

GUEST_CPPFLAGS = -nostdinc -isystem $(CC_INCLUDE) \
	-Iguests/runtime/include -Ihyp/include/libc -Ihyp/include -Ihyp/arch/arm64/include \
	-isystem $(SYSROOT)/usr/include
# -mgeneral-regs-only: handlers never touch FP/SIMD, so exception entry saves none (libfdt,
# built by Debian with SIMD, runs only outside handlers; start.S enables FP for it).
GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-builtin \
	-fno-common -fpie -fno-stack-protector -fno-omit-frame-pointer -mgeneral-regs-only \
	-mno-outline-atomics -march=armv8-a -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-ffunction-sections -fdata-sections
GUEST_LDFLAGS := -nostdlib -static -pie --no-dynamic-linker -z norelro -z noexecstack \
	-z max-page-size=4096 --build-id=none --gc-sections --no-warn-rwx-segments \
	-T guests/runtime/guest.lds

.PHONY: guests
guests: $(GUEST_BINS)

$(BUILD)/guests/%.o: guests/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(GUEST_CPPFLAGS) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/guests/%.o: guests/%.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(GUEST_CPPFLAGS) -D__ASSEMBLY__ -g -MMD -MP -c $< -o $@

$(BUILD)/guests/hyp/%.o: hyp/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (for guests)"
	@$(CC) $(GUEST_CPPFLAGS) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/guests/%.elf: $(BUILD)/guests/tests/%.o $(GUEST_COMMON_OBJS) $(LIBFDT_A) guests/runtime/guest.lds
	@echo "  LD      $@"
	@$(LD) $(GUEST_LDFLAGS) -o $@ $< $(GUEST_COMMON_OBJS) $(LIBFDT_A)
	@if $(READELF) -rW $@ | awk '/^ *[0-9a-f]+ +[0-9a-f]+ R_/ && $$3 != "R_AARCH64_RELATIVE" && $$3 != "R_AARCH64_NONE"' | grep .; then \
		echo "$@: dynamic relocations start.S does not apply"; rm -f $@; exit 1; fi

$(BUILD)/guests/%.bin: $(BUILD)/guests/%.elf
	@$(OBJCOPY) -O binary $< $@
	@echo "built $@ ($$(stat -c %s $@) bytes)"

.PRECIOUS: $(BUILD)/guests/%.elf $(BUILD)/guests/tests/%.o
-include $(wildcard $(BUILD)/guests/*/*.d $(BUILD)/guests/hyp/*/*.d)

# ---------------------------------------------------------------- tessera-imagebuilder
# ImageBuilder's config in; the host device tree, a U-Boot script and qemu.sh out
# (docs/imagebuilder.md). A host program, with Debian's libfdt and zlib.
# The arm64 Image header is read by the hypervisor's own parser (hyp/lib/kernel_image.c).
IMAGEBUILDER_SRCS := $(sort $(wildcard tools/imagebuilder/*.c)) hyp/lib/kernel_image.c
IMAGEBUILDER_DEPS := $(IMAGEBUILDER_SRCS) $(wildcard tools/imagebuilder/*.h) \
	hyp/include/tessera/kernel_image.h

$(BUILD)/tools/imagebuilder: $(IMAGEBUILDER_DEPS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $(IMAGEBUILDER_SRCS) -lfdt -lz

# Its unit tests name its sources "// UNIT-SOURCES: ../tools/imagebuilder/x.c" (from hyp/).
IMAGEBUILDER_TESTS := $(filter %/test_imagebuilder_config %/test_imagebuilder_layout,\
	$(UNIT_TESTS) $(SAN_TESTS))
$(IMAGEBUILDER_TESTS): $(IMAGEBUILDER_DEPS)
$(IMAGEBUILDER_TESTS): HOST_CFLAGS += -Itools/imagebuilder

# QEMU virt's own device tree, which examples/*.cfg name.
$(BUILD)/virt-gicv3.dtb:
	@mkdir -p $(dir $@)
	qemu-system-aarch64 -machine virt,virtualization=on,gic-version=3,dumpdtb=$@ \
		-cpu cortex-a57 -smp 4 -m 2G -nographic -nic none >/dev/null

# ---------------------------------------------------------------- static checks
# clang-format, then scripts/check.sh with the build's own sources and flags: include guards,
# cppcheck with the MISRA C:2012 rules of docs/misra/rules.md, clang-tidy (.clang-tidy).
# CHECKS="misra tidy" runs a subset; results in $(BUILD)/check.
.PHONY: check
check: export CHECK_SRCS = $(filter %.c,$(HYP_SRCS))
check: export CHECK_CPPFLAGS = $(HYP_CPPFLAGS) -I$(HYP_VIEW_DIR)/pv
check: export CHECK_CLANG_CFLAGS = $(CLANG_CFLAGS)
check: export CHECK_BUILD = $(BUILD)
check: export PYTHON := $(PYTHON)
check: export CLANG := $(CLANG)
check: format-check | $(HYP_VIEWS)
	@scripts/check.sh

# ---------------------------------------------------------------- fuzzing
# libFuzzer targets, one file each (tests/fuzz/fuzz_<target>.c), for every parser of untrusted
# input, built with clang under ASan and UBSan. Like the unit tests, each names the hypervisor
# sources it needs in "// FUZZ-SOURCES: a.c b.c" and host libraries in "// FUZZ-LIBS: -lfdt".
#   make fuzz-short   replay the kept inputs, then fuzz each target 20 s (CI)
#   make fuzz         the same, FUZZ_TIME seconds each (default 600)
FUZZ_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Ihyp/include -Ihyp/arch/arm64/include \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_BINS := $(patsubst tests/fuzz/fuzz_%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TIME ?= 600
fuzz_sources = $(addprefix hyp/,$(shell sed -n 's|^// FUZZ-SOURCES: ||p' $(1)))
fuzz_libs = $(shell sed -n 's|^// FUZZ-LIBS: ||p' $(1))

$(BUILD)/fuzz/%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(wildcard hyp/core/*.c hyp/include/*/*.h)
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) -o $@ $< $(call fuzz_sources,$<) $(call fuzz_libs,$<)

.PHONY: fuzz-build fuzz-short fuzz
fuzz-build: $(FUZZ_BINS)
fuzz-short: fuzz-build
	@tests/fuzz/run.sh --build $(BUILD) --time 20
fuzz: fuzz-build
	@tests/fuzz/run.sh --build $(BUILD) --time $(FUZZ_TIME)
# make test replays every kept input through them (tests/test_fuzz_corpus.py).
test: fuzz-build

# ---------------------------------------------------------------- a hostile guest (guests/tests/fuzz.c)
# Random MMIO, system registers, hypercalls and SMCCC calls from a domain beside a heartbeat
# neighbour, on GICv2 and GICv3 (tests/system/test_fuzz_guest.py). make test runs seed 1 for
# 100000 operations; this nightly-length run takes more seeds, each FUZZ_GUEST_OPS long.
FUZZ_GUEST_OPS ?= 2000000
FUZZ_GUEST_SEEDS ?= 2,3,4,5,6,7,8,9
.PHONY: fuzz-guests
fuzz-guests: setup
	@$(MAKE) --no-print-directory all guests
	TESSERA_BUILD=$(abspath $(BUILD)) TESSERA_FUZZ_GUEST_OPS=$(FUZZ_GUEST_OPS) \
		TESSERA_FUZZ_GUEST_SEEDS=$(FUZZ_GUEST_SEEDS) \
		$(PYTHON) -m pytest -v -rfE tests/system/test_fuzz_guest.py

# ---------------------------------------------------------------- benchmarks (bench/)
# Tessera and Xen 4.17 side by side on the same QEMU, device tree and guests: one markdown
# table, also build/bench/bench.md and bench.csv (bench/README.md). Never fails on a number.
#   make bench          the full benchmark (about ten minutes)
#   make bench-short    one run each and few samples: proves the bench still works
XEN_IMAGE := $(BUILD)/xen/xen
$(XEN_IMAGE): scripts/fetch-xen.sh
	@scripts/fetch-xen.sh $(BUILD)/xen

.PHONY: bench bench-short
bench bench-short: setup
	@$(MAKE) --no-print-directory all guests linux $(XEN_IMAGE)
	@TESSERA_BUILD=$(abspath $(BUILD)) $(PYTHON) bench/run.py \
		$(if $(filter bench-short,$@),--short) --out $(BUILD)/bench
