/* Raw user copies for the direct approach: set sstatus.SUM, touch user
 * memory, clear SUM. Any fault between direct_begin and direct_end resumes
 * at direct_fault, which clears SUM and returns -EFAULT. Leaf routines that
 * use no stack, so the fixup can simply return to ra. */
#include "kernel.h"
#include "exception_table.h"

#define WORD 8
#define UNROLL_BYTES (4 * WORD)

    .text
direct_begin:

/* long direct_copy_bytes(void *dst, const void *src, size_t n) */
    .globl direct_copy_bytes
    .type direct_copy_bytes, @function
direct_copy_bytes:
    li      t6, SSTATUS_SUM
    csrs    sstatus, t6
    or      t0, a0, a1
    andi    t0, t0, WORD - 1
    bnez    t0, copy_tail
    li      t1, UNROLL_BYTES
copy_unrolled:
    bltu    a2, t1, copy_words
    ld      t2, 0(a1)
    ld      t3, 8(a1)
    ld      t4, 16(a1)
    ld      t5, 24(a1)
    sd      t2, 0(a0)
    sd      t3, 8(a0)
    sd      t4, 16(a0)
    sd      t5, 24(a0)
    addi    a0, a0, UNROLL_BYTES
    addi    a1, a1, UNROLL_BYTES
    addi    a2, a2, -UNROLL_BYTES
    j       copy_unrolled
copy_words:
    li      t1, WORD
1:  bltu    a2, t1, copy_tail
    ld      t2, 0(a1)
    sd      t2, 0(a0)
    addi    a0, a0, WORD
    addi    a1, a1, WORD
    addi    a2, a2, -WORD
    j       1b
copy_tail:
    beqz    a2, direct_done
    lbu     t2, 0(a1)
    sb      t2, 0(a0)
    addi    a0, a0, 1
    addi    a1, a1, 1
    addi    a2, a2, -1
    j       copy_tail
    .size direct_copy_bytes, . - direct_copy_bytes

/* long direct_set_bytes(void *dst, int c, size_t n) */
    .globl direct_set_bytes
    .type direct_set_bytes, @function
direct_set_bytes:
    li      t6, SSTATUS_SUM
    csrs    sstatus, t6
    andi    a1, a1, 0xff
    andi    t0, a0, WORD - 1
    bnez    t0, set_tail
    /* Replicate the byte into all eight. */
    slli    t0, a1, 8
    or      a1, a1, t0
    slli    t0, a1, 16
    or      a1, a1, t0
    slli    t0, a1, 32
    or      a1, a1, t0
    li      t1, WORD
1:  bltu    a2, t1, set_tail
    sd      a1, 0(a0)
    addi    a0, a0, WORD
    addi    a2, a2, -WORD
    j       1b
set_tail:
    beqz    a2, direct_done
    sb      a1, 0(a0)
    addi    a0, a0, 1
    addi    a2, a2, -1
    j       set_tail
    .size direct_set_bytes, . - direct_set_bytes

/* long direct_copy_string(char *dst, const char *src, size_t max) */
    .globl direct_copy_string
    .type direct_copy_string, @function
direct_copy_string:
    li      t6, SSTATUS_SUM
    csrs    sstatus, t6
    li      t0, 0
1:  beq     t0, a2, 2f
    add     t1, a1, t0
    lbu     t2, 0(t1)
    add     t1, a0, t0
    sb      t2, 0(t1)
    beqz    t2, 2f
    addi    t0, t0, 1
    j       1b
2:  csrc    sstatus, t6
    mv      a0, t0
    ret
    .size direct_copy_string, . - direct_copy_string

direct_done:
    csrc    sstatus, t6
    li      a0, 0
    ret
direct_end:

direct_fault:
    li      t6, SSTATUS_SUM
    csrc    sstatus, t6
    li      a0, -EFAULT
    ret

    EXCEPTION_TABLE_ENTRY direct_begin, direct_end, direct_fault
