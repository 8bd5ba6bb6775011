/* Start code: one hart, machine mode, no firmware. */
#include "riscv.h"

#define FRAME_SIZE (32 * 8)

    .section .text.init, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    /* Only hart 0 runs the program; any others sleep. */
    csrr    t0, mhartid
    bnez    t0, park
    la      sp, __stack_top
    la      tp, __tls_base

    /* Zero .tbss and .bss (they are adjacent, see link.ld). */
    la      t0, __bss_zero_start
    la      t1, __bss_zero_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:
    la      t0, trap_entry
    csrw    mtvec, t0
    li      t0, MSTATUS_FS_INITIAL
    csrs    mstatus, t0
    csrwi   fcsr, 0

    li      a0, 0
    li      a1, 0
    call    main
    call    exit            /* picolibc exit: runs atexit, then _exit */
park:
    wfi
    j       park

/* Saves the integer registers, calls trap_dispatch(frame), restores, mret.
 * FP registers are not saved: trap handlers must not use FP (a test turns FP off). */
    .balign 4
    .globl trap_entry
trap_entry:
    addi    sp, sp, -FRAME_SIZE
    .irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd      x\r, (\r * 8)(sp)
    .endr
    addi    t0, sp, FRAME_SIZE
    sd      t0, (2 * 8)(sp)         /* sp as it was before the trap */
    mv      a0, sp
    call    trap_dispatch
    .irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ld      x\r, (\r * 8)(sp)
    .endr
    addi    sp, sp, FRAME_SIZE
    mret
