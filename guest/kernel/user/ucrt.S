/* User start code and system-call stubs. */
#include "uapi.h"

    .section .text.ustart, "ax"
    .globl _ustart
_ustart:
    la      sp, __user_stack_top
    call    umain
    call    sys_exit
1:  j       1b

    .text
/* Each stub: number in a7, arguments already in a0..a2, result in a0. */
.macro SYSCALL name, number
    .globl \name
\name:
    li      a7, \number
    ecall
    ret
.endm
    SYSCALL sys_write, SYS_WRITE
    SYSCALL sys_read_kbuf, SYS_READ_KBUF
    SYSCALL sys_fill, SYS_FILL
    SYSCALL sys_setname, SYS_SETNAME
    SYSCALL sys_getname, SYS_GETNAME
    SYSCALL sys_yield, SYS_YIELD
    SYSCALL sys_exit, SYS_EXIT
    SYSCALL sys_arm_timer, SYS_ARM_TIMER
