/* Trap entries for M and S, the switch into S/U and back, and the probes the
 * tests run in each mode. Probes come in two copies: `_s` in ordinary text
 * (supervisor pages under Sv39) and `_u` in .text.upriv (user pages). All
 * instructions are 4 bytes (norvc) so a handler can skip any of them by
 * adding 4 without reading it. */
#include "privlib_defs.h"

    .option norvc

/* ---- trap entries --------------------------------------------------------
 * xscratch always holds the top of that mode's trap stack, so a handler that
 * never returns (the return-to-M path) leaves nothing to clean up. */
.macro TRAP_ENTRY name, scratch, handler, ret
    .text
    .balign 4
    .globl \name
\name:
    csrrw   sp, \scratch, sp
    addi    sp, sp, -PRIV_FRAME_SIZE
    .irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd      x\r, (\r * 8)(sp)
    .endr
    csrr    t0, \scratch
    sd      t0, (2 * 8)(sp)
    addi    t0, sp, PRIV_FRAME_SIZE
    csrw    \scratch, t0
    mv      a0, sp
    call    \handler
    .irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ld      x\r, (\r * 8)(sp)
    .endr
    ld      sp, (2 * 8)(sp)
    \ret
.endm
    TRAP_ENTRY priv_m_trap_entry, mscratch, priv_m_trap, mret
    TRAP_ENTRY priv_s_trap_entry, sscratch, priv_s_trap, sret

/* ---- run_in_mode(mode, fn, a, b) -------------------------------------------
 * From M: mret into `mode` at the trampoline, which calls fn(a, b) and
 * returns the result with an ecall (a7 = PRIV_RETURN_ECALL). The M handler
 * resumes at run_in_mode_return. MPIE is left as the caller set it. */
    .text
    .globl run_in_mode
run_in_mode:
    addi    sp, sp, -112
    sd      ra, 0(sp)
    .irp r, 0,1,2,3,4,5,6,7,8,9,10,11
    sd      s\r, (8 + \r * 8)(sp)
    .endr
    la      t0, run_in_mode_saved_sp
    sd      sp, 0(t0)
    li      t0, MSTATUS_MPP_MASK
    csrc    mstatus, t0
    slli    t0, a0, MSTATUS_MPP_SHIFT
    csrs    mstatus, t0
    la      t1, trampoline_s
    bnez    a0, 1f
    la      t1, trampoline_u
1:  csrw    mepc, t1
    mv      a0, a1
    mv      a1, a2
    mv      a2, a3
    mret
    .globl run_in_mode_return
run_in_mode_return:
    la      t0, run_in_mode_saved_sp
    ld      sp, 0(t0)
    ld      ra, 0(sp)
    .irp r, 0,1,2,3,4,5,6,7,8,9,10,11
    ld      s\r, (8 + \r * 8)(sp)
    .endr
    addi    sp, sp, 112
    ret

    .bss
    .balign 8
run_in_mode_saved_sp:
    .skip   8

/* ---- probes --------------------------------------------------------------
 * Each is a leaf without stack use. A faulting instruction is skipped, so
 * the probe returns whatever a0 held (callers look at the trap log). */
.macro PROBES suffix
    .balign 4
trampoline\suffix:
    mv      t0, a0
    mv      a0, a1
    mv      a1, a2
    jalr    t0
    li      a7, PRIV_RETURN_ECALL
    ecall
1:  j       1b

/* uint64 probe_load(addr) */
    .globl probe_load\suffix
probe_load\suffix:
    ld      a0, 0(a0)
    ret
/* uint64 probe_load_word(addr): 4 bytes, zero-extended */
    .globl probe_load_word\suffix
probe_load_word\suffix:
    lwu     a0, 0(a0)
    ret
/* probe_store(addr, value) */
    .globl probe_store\suffix
probe_store\suffix:
    sd      a1, 0(a0)
    ret
/* probe_fetch(addr): calls addr, which must hold `ret`. A fetch fault
 * resumes at ra, i.e. right after the jalr. */
    .globl probe_fetch\suffix
probe_fetch\suffix:
    mv      t2, ra
    jalr    ra, 0(a0)
    mv      ra, t2
    ret
    .globl probe_ecall\suffix
probe_ecall\suffix:
    li      a7, 0
    ecall
    ret
    .globl probe_ebreak\suffix
probe_ebreak\suffix:
    ebreak
    ret
/* probe_lr(addr) and probe_amoadd(addr): for misaligned-address traps. */
    .globl probe_lr\suffix
probe_lr\suffix:
    lr.d    a0, (a0)
    ret
    .globl probe_amoadd\suffix
probe_amoadd\suffix:
    amoadd.w a0, zero, (a0)
    ret
/* An encoding that is illegal in every mode (csrrw x0, cycle, x0). */
    .globl probe_illegal\suffix
probe_illegal\suffix:
    .insn   4, 0xc0001073
    ret
    .globl probe_mret\suffix
probe_mret\suffix:
    mret
    ret
    .globl probe_sret\suffix
probe_sret\suffix:
    sret
    ret
    .globl probe_wfi\suffix
probe_wfi\suffix:
    wfi
    ret
    .globl probe_sfence\suffix
probe_sfence\suffix:
    sfence.vma
    ret
    .globl probe_read_satp\suffix
probe_read_satp\suffix:
    csrr    a0, satp
    ret
/* probe_rewrite_satp(value): callers pass satp's current value, so
 * success changes nothing. */
    .globl probe_rewrite_satp\suffix
probe_rewrite_satp\suffix:
    csrw    satp, a0
    ret
/* probe_sret_to_user(target): sret with SPP=U to target. */
    .globl probe_sret_to_user\suffix
probe_sret_to_user\suffix:
    li      t0, SSTATUS_SPP
    csrc    sstatus, t0
    csrw    sepc, a0
    sret
/* probe_raise_ssip(): S software raises its own interrupt through sip. */
    .globl probe_raise_ssip\suffix
probe_raise_ssip\suffix:
    li      t0, MIP_SSIP
    csrs    sip, t0
    ret
    .globl probe_read_sstatus\suffix
probe_read_sstatus\suffix:
    csrr    a0, sstatus
    ret
/* probe_spin(n): n iterations, so pending interrupts get their chance. */
    .globl probe_spin\suffix
probe_spin\suffix:
1:  beqz    a0, 2f
    addi    a0, a0, -1
    j       1b
2:  ret
/* probe_sstatus_set_spin(bits, n): sets sstatus bits, spins, clears them. */
    .globl probe_sstatus_set_spin\suffix
probe_sstatus_set_spin\suffix:
    csrs    sstatus, a0
1:  beqz    a1, 2f
    addi    a1, a1, -1
    j       1b
2:  csrc    sstatus, a0
    ret
/* probe_sret_to_self(set, clear): changes sstatus, sepc = label, sret;
 * returns sstatus as it is after the sret (or on a trap, a0 unchanged). */
    .globl probe_sret_to_self\suffix
probe_sret_to_self\suffix:
    csrc    sstatus, a1
    csrs    sstatus, a0
    la      t0, 1f
    csrw    sepc, t0
    sret
1:  csrr    a0, sstatus
    ret
.endm

    .text
    PROBES _s

    .section .text.upriv, "ax"
    .balign PAGE_SIZE
    .globl upriv_start
upriv_start:
    PROBES _u
    .balign PAGE_SIZE
    .globl upriv_end
upriv_end:

/* ---- test pages ------------------------------------------------------------
 * PRIV_TEST_PAGES pages; each starts with `ret` (fetch target) and holds
 * PRIV_PAGE_WORD(i) at PRIV_PAGE_DATA_OFFSET. Stores go to
 * PRIV_PAGE_STORE_OFFSET. The page tables give each its own permissions. */
    .section .data.privpages, "aw"
    .balign PAGE_SIZE
    .globl priv_test_pages
priv_test_pages:
    .set page, 0
    .rept PRIV_TEST_PAGES
    ret
    .balign 8
    .dword  PRIV_PAGE_WORD_BASE + page
    .dword  0
    .balign PAGE_SIZE
    .set page, page + 1
    .endr
