/* Kernel start (virtual addresses from here on), the S-mode trap entry and
 * the return to user mode. sscratch holds the current process's trap frame
 * while a process runs in U mode and 0 while the kernel runs. */
#include "kernel.h"

#define KERNEL_STACK_SIZE (16 * 1024)

    .section .text.init, "ax"
    .globl kernel_start
kernel_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    la      sp, kernel_stack_top
    la      tp, __tls_base
    la      t0, __bss_zero_start
    la      t1, __bss_zero_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:  csrw    sscratch, zero
    la      t0, s_trap_entry
    csrw    stvec, t0
    call    kmain
3:  j       3b

    .text
    .balign 4
    .globl s_trap_entry
s_trap_entry:
    csrrw   sp, sscratch, sp
    beqz    sp, from_kernel
    /* From U: sp = the process's frame, sscratch = the user sp. */
    .irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd      x\r, (\r * 8)(sp)
    .endr
    csrr    t0, sscratch
    sd      t0, (REG_SP * 8)(sp)
    csrr    t0, sepc
    sd      t0, FRAME_SEPC_OFFSET(sp)
    csrw    sscratch, zero
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    la      tp, __tls_base
    mv      a0, sp
    la      sp, kernel_stack_top
    call    trap_from_user          /* returns the frame to resume */
    /* fall through */

/* a0 = the frame of the process to run; satp already points at its table. */
    .globl user_return
user_return:
    mv      sp, a0
    ld      t0, FRAME_SEPC_OFFSET(sp)
    csrw    sepc, t0
    csrw    sscratch, sp
    .irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ld      x\r, (\r * 8)(sp)
    .endr
    ld      sp, (REG_SP * 8)(sp)
    sret

from_kernel:
    /* sp = 0, sscratch = the kernel sp: swap back, then push a frame. */
    csrrw   sp, sscratch, sp
    addi    sp, sp, -KERNEL_FRAME_SIZE
    .irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd      x\r, (\r * 8)(sp)
    .endr
    addi    t0, sp, KERNEL_FRAME_SIZE
    sd      t0, (REG_SP * 8)(sp)
    csrr    t0, sepc
    sd      t0, FRAME_SEPC_OFFSET(sp)
    mv      a0, sp
    call    trap_from_kernel        /* may change the frame's sepc and a0 */
    ld      t0, FRAME_SEPC_OFFSET(sp)
    csrw    sepc, t0
    .irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ld      x\r, (\r * 8)(sp)
    .endr
    addi    sp, sp, KERNEL_FRAME_SIZE
    sret

    .bss
    .balign 16
kernel_stack:
    .skip   KERNEL_STACK_SIZE
kernel_stack_top:
