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

# ---------------------------------------------------------------- the hypervisor
HYP_DIRS := hyp/arch/arm64 hyp/platform hyp/drivers hyp/core hyp/core/sched hyp/virt hyp/lib
HYP_SRCS := $(foreach d,$(HYP_DIRS),$(sort $(wildcard $(d)/*.c) $(wildcard $(d)/*.S)))
HYP_OBJS := $(patsubst %,$(BUILD)/%.o,$(basename $(HYP_SRCS)))

HYP_CPPFLAGS := -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-Ihyp/include/libc -Ihyp/include -Ihyp/arch/arm64/include -Ihyp \
	-isystem $(SYSROOT)/usr/include \
	-DTESSERA_VERSION='"$(VERSION)"' -DTESSERA_GIT_REV='"$(GIT_REV)"'
HYP_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-builtin \
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

$(BUILD)/hyp/%.o: hyp/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(HYP_CPPFLAGS) $(HYP_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/hyp/%.o: hyp/%.S
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(HYP_CPPFLAGS) $(HYP_ASFLAGS) -MMD -MP -c $< -o $@

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

$(BUILD)/clang/hyp/%.o: hyp/%.c
	@mkdir -p $(dir $@)
	@echo "  CLANG   $<"
	@$(CLANG) $(HYP_CPPFLAGS) $(CLANG_CFLAGS) -c $< -o $@

$(BUILD)/clang/hyp/%.o: hyp/%.S
	@mkdir -p $(dir $@)
	@$(CLANG) --target=aarch64-linux-gnu $(HYP_CPPFLAGS) $(HYP_ASFLAGS) -c $< -o $@

.PHONY: clang-build
clang-build: $(CLANG_OBJS)

# ---------------------------------------------------------------- setup, run
.PHONY: setup run
setup:
	@scripts/setup.sh

run: setup
	@$(MAKE) --no-print-directory all
	@scripts/run-demo.sh

# ---------------------------------------------------------------- tests
# Portable modules compiled for the host and linked into the cmocka tests.
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Ihyp/include -Ihyp/arch/arm64/include
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/test_*.c))
# Each test names the hypervisor sources it tests in a line "// UNIT-SOURCES: a.c b.c", and
# any host libraries it needs beyond cmocka in "// UNIT-LIBS: -lfdt -lz".
unit_sources = $(addprefix hyp/,$(shell sed -n 's|^// UNIT-SOURCES: ||p' $(1)))
unit_libs = $(shell sed -n 's|^// UNIT-LIBS: ||p' $(1))

$(BUILD)/unit/%: tests/unit/%.c $(wildcard hyp/core/*.c hyp/lib/*.c hyp/include/tessera/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $< $(call unit_sources,$<) -lcmocka $(call unit_libs,$<)

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer; any report fails.
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_TESTS := $(patsubst $(BUILD)/unit/%,$(BUILD)/unit-san/%,$(UNIT_TESTS))

$(BUILD)/unit-san/%: tests/unit/%.c $(wildcard hyp/core/*.c hyp/lib/*.c hyp/include/tessera/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(SAN_FLAGS) -o $@ $< $(call unit_sources,$<) -lcmocka $(call unit_libs,$<)

.PHONY: unit systest test trace
trace:
	@$(PYTHON) scripts/trace.py

unit: $(UNIT_TESTS) $(SAN_TESTS)
	@set -e; for t in $(UNIT_TESTS) $(SAN_TESTS); do echo "== $$t"; $$t; done

systest: all
	$(PYTHON) -m pytest -q tests/system

# One runner for everything, so that the last line is one summary: pytest runs the cmocka
# binaries (tests/test_unit.py) and the QEMU system tests.
test: setup
	@$(MAKE) --no-print-directory all clang-build $(UNIT_TESTS) $(SAN_TESTS)
	@$(MAKE) --no-print-directory trace
	$(PYTHON) -m pytest -v -rfE tests

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
