# An S-mode payload for SBI firmware, as a make fragment (guest/Makefile includes it). Outputs:
# build/sbi/payload.elf (linked at 0x80200000) and build/sbi/payload.bin (the same, flat, as a kernel Image is).

SBI_OUT    := $(BUILD)/sbi
SBI_CFLAGS := -march=rv64gc -mabi=lp64d -mcmodel=medany -O2 -ffreestanding -fno-builtin -nostdlib -nostartfiles \
              -Wall -Wextra -Wl,--no-warn-rwx-segments -T sbi/payload.ld

$(SBI_OUT)/payload.elf: sbi/payload_entry.S sbi/payload.c sbi/payload.ld | $(SBI_OUT)
	riscv64-unknown-elf-gcc $(SBI_CFLAGS) sbi/payload_entry.S sbi/payload.c $(OUT) $(PUBLISH)
$(SBI_OUT)/payload.bin: $(SBI_OUT)/payload.elf
	riscv64-unknown-elf-objcopy -O binary $< $@.tmp$$$$ $(PUBLISH)
$(SBI_OUT):
	mkdir -p $@

.PHONY: sbi
sbi: $(SBI_OUT)/payload.elf $(SBI_OUT)/payload.bin
EXTRA_ALL += sbi
