# The teaching kernel, as a make fragment. Paths are relative to guest/.
# guest/Makefile includes it (GUEST_FRAGMENTS); it also builds alone:
#   make -C guest -f kernel/kernel.mk kernel
# Outputs: build/kernel/kernel-direct.elf and build/kernel/kernel-walk.elf.

BUILD       ?= build
ELF_CC      ?= riscv64-unknown-elf-gcc
ELF_OBJCOPY ?= riscv64-unknown-elf-objcopy
ARCH_FLAGS  ?= -march=rv64gc_zba_zbb_zbs -mabi=lp64d -mcmodel=medany
OUT         ?= -o $@.tmp$$$$
PUBLISH     ?= && mv -f $@.tmp$$$$ $@
WARN_FLAGS  ?= -Wall -Wextra
DEP_FLAGS   ?= -MMD -MP -MT $@ -MF $(basename $@).d
ELF_CFLAGS  ?= $(ARCH_FLAGS) --specs=picolibc.specs -O2 -g $(WARN_FLAGS) -Iruntime

# Standalone: build the runtime objects (the kernel reuses stdio.o; the same
# rules serve priv/priv.mk when both fragments are used alone).
ifeq ($(origin RUNTIME_OBJ),undefined)
RUNTIME_OBJ := $(BUILD)/runtime
$(RUNTIME_OBJ)/%.o: runtime/%.c
	@mkdir -p $(@D)
	$(ELF_CC) $(ELF_CFLAGS) $(DEP_FLAGS) -c $< $(OUT) $(PUBLISH)
$(RUNTIME_OBJ)/%.o: runtime/%.S
	@mkdir -p $(@D)
	$(ELF_CC) $(ELF_CFLAGS) $(DEP_FLAGS) -c $< $(OUT) $(PUBLISH)
endif

KERNEL_OUT    := $(BUILD)/kernel
KERNEL_CFLAGS := $(ELF_CFLAGS) -Ikernel -Ipriv
KERNEL_SOURCES := boot.S entry.S kprobe.S usercopy_direct_raw.S main.c vm.c process.c trap.c \
                  syscall.c console.c ktests.c usercopy_direct.c usercopy_walk.c
KERNEL_COMMON_OBJS := $(patsubst %,$(KERNEL_OUT)/obj/%.o,$(basename $(KERNEL_SOURCES))) \
                      $(KERNEL_OUT)/obj/user_images.o $(RUNTIME_OBJ)/stdio.o

# User programs: freestanding, linked at USER_TEXT_BASE, embedded as flat binaries.
KERNEL_USER_CFLAGS := $(ARCH_FLAGS) -O2 -g $(WARN_FLAGS) -Ikernel -ffreestanding -nostdlib \
                      -fno-builtin -fno-tree-loop-distribute-patterns -fno-stack-protector
KERNEL_USER_LIB := $(KERNEL_OUT)/user/ucrt.o $(KERNEL_OUT)/user/ulib.o

$(KERNEL_OUT)/user/%.o: kernel/user/%.c
	@mkdir -p $(@D)
	$(ELF_CC) $(KERNEL_USER_CFLAGS) $(DEP_FLAGS) -c $< $(OUT) $(PUBLISH)
$(KERNEL_OUT)/user/%.o: kernel/user/%.S
	@mkdir -p $(@D)
	$(ELF_CC) $(KERNEL_USER_CFLAGS) $(DEP_FLAGS) -c $< $(OUT) $(PUBLISH)
$(KERNEL_OUT)/user/%.elf: $(KERNEL_OUT)/user/%.o $(KERNEL_USER_LIB) kernel/user/user.ld
	$(ELF_CC) $(KERNEL_USER_CFLAGS) -T kernel/user/user.ld -Wl,--no-warn-rwx-segments \
	    $(filter %.o,$^) -lgcc $(OUT) $(PUBLISH)
$(KERNEL_OUT)/user/%.bin: $(KERNEL_OUT)/user/%.elf
	$(ELF_OBJCOPY) -O binary $< $@.tmp$$$$ $(PUBLISH)

$(KERNEL_OUT)/obj/%.o: kernel/%.c
	@mkdir -p $(@D)
	$(ELF_CC) $(KERNEL_CFLAGS) $(DEP_FLAGS) -c $< $(OUT) $(PUBLISH)
$(KERNEL_OUT)/obj/%.o: kernel/%.S
	@mkdir -p $(@D)
	$(ELF_CC) $(KERNEL_CFLAGS) $(DEP_FLAGS) -c $< $(OUT) $(PUBLISH)
$(KERNEL_OUT)/obj/user_images.o: kernel/user_images.S $(KERNEL_OUT)/user/alpha.bin $(KERNEL_OUT)/user/beta.bin
	@mkdir -p $(@D)
	$(ELF_CC) $(KERNEL_CFLAGS) -DUSER_ALPHA_BIN='"$(KERNEL_OUT)/user/alpha.bin"' \
	    -DUSER_BETA_BIN='"$(KERNEL_OUT)/user/beta.bin"' -c $< $(OUT) $(PUBLISH)
# The approach switch lives in usercopy.c only: one object per build.
$(KERNEL_OUT)/obj/usercopy-direct.o: kernel/usercopy.c
	@mkdir -p $(@D)
	$(ELF_CC) $(KERNEL_CFLAGS) $(DEP_FLAGS) -c $< $(OUT) $(PUBLISH)
$(KERNEL_OUT)/obj/usercopy-walk.o: kernel/usercopy.c
	@mkdir -p $(@D)
	$(ELF_CC) $(KERNEL_CFLAGS) $(DEP_FLAGS) -DUSERCOPY_WALK -c $< $(OUT) $(PUBLISH)

$(KERNEL_OUT)/kernel-%.elf: $(KERNEL_COMMON_OBJS) $(KERNEL_OUT)/obj/usercopy-%.o kernel/kernel.ld
	$(ELF_CC) $(ARCH_FLAGS) --specs=picolibc.specs -nostartfiles -T kernel/kernel.ld \
	    -Wl,--no-warn-rwx-segments $(filter %.o,$^) $(OUT) $(PUBLISH)

KERNEL_ELFS := $(KERNEL_OUT)/kernel-direct.elf $(KERNEL_OUT)/kernel-walk.elf
.PHONY: kernel kernel-clean
kernel: $(KERNEL_ELFS)
kernel-clean:
	rm -rf $(KERNEL_OUT)
EXTRA_ALL += kernel
.SECONDARY:
-include $(wildcard $(KERNEL_OUT)/obj/*.d $(KERNEL_OUT)/user/*.d)
