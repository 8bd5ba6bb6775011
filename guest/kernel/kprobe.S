/* Accesses the self-tests expect to fault. Each returns 0, or -EFAULT when
 * the trap handler redirected it through the exception table. */
#include "kernel.h"
#include "exception_table.h"

    .text
/* long probe_load_u64(uint64_t va, uint64_t *value): SUM as the caller left it. */
    .globl probe_load_u64
probe_load_u64:
load_start:
    ld      t0, 0(a0)
load_end:
    sd      t0, 0(a1)
    li      a0, 0
    ret

/* long probe_store_u64(uint64_t va, uint64_t value) */
    .globl probe_store_u64
probe_store_u64:
store_start:
    sd      a1, 0(a0)
store_end:
    li      a0, 0
    ret

probe_fixup:
    li      a0, -EFAULT
    ret
    EXCEPTION_TABLE_ENTRY load_start, load_end, probe_fixup
    EXCEPTION_TABLE_ENTRY store_start, store_end, probe_fixup

/* long probe_execute(uint64_t va): calls va. A fetch fault there cannot be
 * matched by pc, so the handler returns to ra with -EFAULT while
 * execute_probe_armed is set. */
    .globl probe_execute
probe_execute:
    addi    sp, sp, -16
    sd      ra, 0(sp)
    la      t0, execute_probe_armed
    li      t1, 1
    sw      t1, 0(t0)
    jalr    a0
    la      t0, execute_probe_armed
    sw      zero, 0(t0)
    ld      ra, 0(sp)
    addi    sp, sp, 16
    ret
