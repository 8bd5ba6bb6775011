# Self-checking privileged-architecture tests, as a make fragment. Paths are
# relative to guest/. guest/Makefile includes it (GUEST_FRAGMENTS); it also
# builds alone:
#   make -C guest -f priv/priv.mk priv
# Outputs: build/priv/<name>.elf for every priv/<name>.c.

BUILD      ?= build
ELF_CC     ?= riscv64-unknown-elf-gcc
ARCH_FLAGS ?= -march=rv64gc_zba_zbb_zbs -mabi=lp64d -mcmodel=medany
OUT        ?= -o $@.tmp$$$$
PUBLISH    ?= && mv -f $@.tmp$$$$ $@
WARN_FLAGS ?= -Wall -Wextra
DEP_FLAGS  ?= -MMD -MP -MT $@ -MF $(basename $@).d
ELF_CFLAGS ?= $(ARCH_FLAGS) --specs=picolibc.specs -O2 -g $(WARN_FLAGS) -Iruntime
ELF_LDFLAGS ?= $(ARCH_FLAGS) --specs=picolibc.specs -nostartfiles -T runtime/link.ld \
               -Wl,--no-warn-rwx-segments

# Standalone: build the runtime objects the tests link (virt back-end, testlib).
ifeq ($(origin RUNTIME_OBJ),undefined)
RUNTIME_OBJ := $(BUILD)/runtime
$(RUNTIME_OBJ)/%.o: runtime/%.c
	@mkdir -p $(@D)
	$(ELF_CC) $(ELF_CFLAGS) $(DEP_FLAGS) -c $< $(OUT) $(PUBLISH)
$(RUNTIME_OBJ)/%.o: runtime/%.S
	@mkdir -p $(@D)
	$(ELF_CC) $(ELF_CFLAGS) $(DEP_FLAGS) -c $< $(OUT) $(PUBLISH)
endif

PRIV_OUT     := $(BUILD)/priv
PRIV_CFLAGS  := $(ELF_CFLAGS) -Ipriv
PRIV_LIB     := privlib privlib_asm
PRIV_NAMES   := $(filter-out $(PRIV_LIB),$(basename $(notdir $(wildcard priv/*.c))))
PRIV_RUNTIME := $(patsubst %,$(RUNTIME_OBJ)/%.o,crt0 trap stdio virt testlib)
PRIV_LIB_OBJS := $(PRIV_LIB:%=$(PRIV_OUT)/obj/%.o)

$(PRIV_OUT)/obj/%.o: priv/%.c
	@mkdir -p $(@D)
	$(ELF_CC) $(PRIV_CFLAGS) $(DEP_FLAGS) -c $< $(OUT) $(PUBLISH)
$(PRIV_OUT)/obj/%.o: priv/%.S
	@mkdir -p $(@D)
	$(ELF_CC) $(PRIV_CFLAGS) $(DEP_FLAGS) -c $< $(OUT) $(PUBLISH)
$(PRIV_OUT)/%.elf: $(PRIV_OUT)/obj/%.o $(PRIV_LIB_OBJS) $(PRIV_RUNTIME) runtime/link.ld
	$(ELF_CC) $(ELF_LDFLAGS) $(filter %.o,$^) $(OUT) $(PUBLISH)

.PHONY: priv priv-clean
priv: $(PRIV_NAMES:%=$(PRIV_OUT)/%.elf)
priv-clean:
	rm -rf $(PRIV_OUT)
EXTRA_ALL += priv
.SECONDARY:
-include $(wildcard $(PRIV_OUT)/obj/*.d)
