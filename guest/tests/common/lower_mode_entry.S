/* Entering S/U mode from M and coming back, plus a tiny S-mode trap handler.
 * See lower_mode.h. */
#include "riscv.h"

#define SAVED_REGISTERS 14

    .text
/* uint64_t run_in_mode(uint64_t mpp, uint64_t (*fn)(uint64_t), uint64_t arg):
 * mret into fn(arg) at privilege `mpp`; fn returns to lower_mode_return,
 * whose ecall the M-mode handler turns into a jump to lower_mode_resume. */
    .globl run_in_mode
run_in_mode:
    addi    sp, sp, -(SAVED_REGISTERS * 8)
    sd      ra, 0(sp)
    sd      s0, 8(sp)
    sd      s1, 16(sp)
    sd      s2, 24(sp)
    sd      s3, 32(sp)
    sd      s4, 40(sp)
    sd      s5, 48(sp)
    sd      s6, 56(sp)
    sd      s7, 64(sp)
    sd      s8, 72(sp)
    sd      s9, 80(sp)
    sd      s10, 88(sp)
    sd      s11, 96(sp)
    la      t0, saved_machine_sp
    sd      sp, 0(t0)
    li      t0, MSTATUS_MPP_MASK
    csrc    mstatus, t0
    slli    t1, a0, MSTATUS_MPP_SHIFT
    csrs    mstatus, t1
    csrw    mepc, a1
    mv      a0, a2
    la      ra, lower_mode_return
    mret

    .globl lower_mode_return
lower_mode_return:
    ecall

    .globl lower_mode_resume
lower_mode_resume:
    la      t0, saved_machine_sp
    ld      sp, 0(t0)
    ld      ra, 0(sp)
    ld      s0, 8(sp)
    ld      s1, 16(sp)
    ld      s2, 24(sp)
    ld      s3, 32(sp)
    ld      s4, 40(sp)
    ld      s5, 48(sp)
    ld      s6, 56(sp)
    ld      s7, 64(sp)
    ld      s8, 72(sp)
    ld      s9, 80(sp)
    ld      s10, 88(sp)
    ld      s11, 96(sp)
    addi    sp, sp, SAVED_REGISTERS * 8
    ret

/* S-mode handler for delegated traps: records scause/sepc/stval/sstatus in
 * s_trap_record (count, cause, epc, tval, status) and skips the instruction. */
    .balign 4
    .globl s_mode_trap_entry
s_mode_trap_entry:
    csrw    sscratch, t0
    la      t0, s_trap_scratch
    sd      t1, 0(t0)
    sd      t2, 8(t0)
    la      t0, s_trap_record
    ld      t1, 0(t0)
    addi    t1, t1, 1
    sd      t1, 0(t0)
    csrr    t1, scause
    sd      t1, 8(t0)
    csrr    t1, sepc
    sd      t1, 16(t0)
    csrr    t2, stval
    sd      t2, 24(t0)
    csrr    t2, sstatus
    sd      t2, 32(t0)
    /* Instruction length from its low two bits: 11 means 4 bytes. */
    lhu     t2, 0(t1)
    andi    t2, t2, 3
    addi    t2, t2, -3
    addi    t1, t1, 2
    bnez    t2, 1f
    addi    t1, t1, 2
1:  csrw    sepc, t1
    la      t0, s_trap_scratch
    ld      t1, 0(t0)
    ld      t2, 8(t0)
    csrr    t0, sscratch
    sret

    .bss
    .balign 8
saved_machine_sp:
    .dword 0
s_trap_scratch:
    .dword 0, 0
    .globl s_trap_record
s_trap_record:
    .dword 0, 0, 0, 0, 0
