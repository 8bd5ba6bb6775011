/* M-mode boot stub and SBI-like service, and the S-mode early entry that turns
 * on Sv39. This file runs at physical addresses (section .boot, see kernel.ld). */
#include "kernel.h"

/* Every exception except ecall from S/M goes to the S-mode kernel. */
#define DELEGATED_EXCEPTIONS ((1 << CAUSE_MISALIGNED_FETCH) | (1 << CAUSE_FETCH_ACCESS) | \
    (1 << CAUSE_ILLEGAL_INSN) | (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_MISALIGNED_LOAD) | \
    (1 << CAUSE_LOAD_ACCESS) | (1 << CAUSE_MISALIGNED_STORE) | (1 << CAUSE_STORE_ACCESS) | \
    (1 << CAUSE_ECALL_U) | (1 << CAUSE_FETCH_PAGE_FAULT) | (1 << CAUSE_LOAD_PAGE_FAULT) | \
    (1 << CAUSE_STORE_PAGE_FAULT))
#define DELEGATED_INTERRUPTS (MIP_SSIP | MIP_STIP | MIP_SEIP)
/* Exit code when the M-mode stub sees a trap it does not serve. */
#define M_UNEXPECTED_TRAP_CODE 0x7e
/* Boot-time gigapage: RAM base, RWX, accessed and dirty. */
#define BOOT_GIGAPAGE_PTE (((VIRT_RAM_BASE >> PAGE_SHIFT) << PTE_PPN_SHIFT) | \
    PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define BOOT_IDENTITY_INDEX ((VIRT_RAM_BASE >> 30) & (SV39_ENTRIES - 1))
#define BOOT_KERNEL_INDEX   ((KERNEL_VIRT_BASE >> 30) & (SV39_ENTRIES - 1))
#define M_STACK_SIZE 1024

    .section .boot.text, "ax"
    .globl _boot
_boot:
    csrr    t0, mhartid
    bnez    t0, park
    /* One NAPOT entry over all memory: without a match S/U accesses fail. */
    li      t0, PMP_ADDR_ALL
    csrw    pmpaddr0, t0
    li      t0, PMP_A_NAPOT | PMP_R | PMP_W | PMP_X
    csrw    pmpcfg0, t0
    li      t0, DELEGATED_EXCEPTIONS
    csrw    medeleg, t0
    li      t0, DELEGATED_INTERRUPTS
    csrw    mideleg, t0
    csrw    mie, zero
    /* S and U may read cycle, time and instret. */
    li      t0, COUNTEREN_CY | COUNTEREN_TM | COUNTEREN_IR
    csrw    mcounteren, t0
    la      t0, m_trap
    csrw    mtvec, t0
    la      t0, m_stack_top
    csrw    mscratch, t0
    li      t0, MSTATUS_MPP_MASK | MSTATUS_MIE
    csrc    mstatus, t0
    li      t0, MSTATUS_MPP_S | MSTATUS_FS_INITIAL
    csrs    mstatus, t0
    csrw    satp, zero
    la      t0, s_early_entry
    csrw    mepc, t0
    mret
park:
    wfi
    j       park

/* Serves ecall from S: a7 = SBI_CONSOLE_PUTCHAR (a0 = byte), SBI_SHUTDOWN
 * (a0 = exit code) or SBI_SET_TIMER (a0 = time), and forwards the machine
 * timer interrupt to S as STIP (S cannot clear MTIP itself). Only t0..t2 are
 * used, saved on the M stack. */
    .balign 4
m_trap:
    csrrw   sp, mscratch, sp
    addi    sp, sp, -24
    sd      t0, 0(sp)
    sd      t1, 8(sp)
    sd      t2, 16(sp)
    csrr    t0, mcause
    li      t1, MCAUSE_INTERRUPT | IRQ_M_TIMER
    beq     t0, t1, m_timer
    li      t1, CAUSE_ECALL_S
    bne     t0, t1, m_unexpected
    li      t1, SBI_CONSOLE_PUTCHAR
    beq     a7, t1, m_putchar
    li      t1, SBI_SHUTDOWN
    beq     a7, t1, m_shutdown
    li      t1, SBI_SET_TIMER
    beq     a7, t1, m_set_timer
    j       m_unexpected
m_timer:
    li      t0, MIP_MTIP
    csrc    mie, t0
    li      t0, MIP_STIP
    csrs    mip, t0
    j       m_return
m_set_timer:
    li      t0, VIRT_CLINT_BASE + CLINT_MTIMECMP
    sd      a0, 0(t0)
    li      t0, MIP_STIP
    csrc    mip, t0
    li      t0, MIP_MTIP
    csrs    mie, t0
    j       m_ecall_return
m_putchar:
    li      t0, VIRT_UART0_BASE
1:  lbu     t1, UART_LSR(t0)
    andi    t1, t1, UART_LSR_THR_EMPTY
    beqz    t1, 1b
    sb      a0, UART_THR(t0)
m_ecall_return:
    csrr    t0, mepc
    addi    t0, t0, 4
    csrw    mepc, t0
m_return:
    ld      t0, 0(sp)
    ld      t1, 8(sp)
    ld      t2, 16(sp)
    addi    sp, sp, 24
    csrrw   sp, mscratch, sp
    mret
m_shutdown:
    li      t0, VIRT_SIFIVE_TEST_BASE
    li      t1, SIFIVE_TEST_PASS
    beqz    a0, 2f
    slli    t1, a0, SIFIVE_TEST_CODE_SHIFT
    li      t2, SIFIVE_TEST_FAIL
    or      t1, t1, t2
2:  sw      t1, 0(t0)
3:  wfi
    j       3b
m_unexpected:
    la      t2, m_unexpected_message
    li      t0, VIRT_UART0_BASE
1:  lbu     a0, 0(t2)
    beqz    a0, 3f
2:  lbu     t1, UART_LSR(t0)
    andi    t1, t1, UART_LSR_THR_EMPTY
    beqz    t1, 2b
    sb      a0, UART_THR(t0)
    addi    t2, t2, 1
    j       1b
3:  li      a0, M_UNEXPECTED_TRAP_CODE
    j       m_shutdown

/* S mode, satp = 0: map RAM at its physical address and at KERNEL_VIRT_BASE
 * with one gigapage each, then jump to the linked (virtual) kernel entry. */
s_early_entry:
    la      t0, boot_root_table
    srli    t0, t0, PAGE_SHIFT
    li      t1, SATP_MODE_SV39
    or      t0, t0, t1
    sfence.vma
    csrw    satp, t0
    sfence.vma
    ld      t0, kernel_entry_address
    jr      t0

    .section .boot.data, "aw"
m_unexpected_message:
    .asciz  "PANIC M-mode stub: unexpected trap\n"
    .balign 8
kernel_entry_address:
    .dword  kernel_start
    .balign PAGE_SIZE
boot_root_table:
    .fill   BOOT_IDENTITY_INDEX, 8, 0
    .dword  BOOT_GIGAPAGE_PTE
    .fill   BOOT_KERNEL_INDEX - BOOT_IDENTITY_INDEX - 1, 8, 0
    .dword  BOOT_GIGAPAGE_PTE
    .fill   SV39_ENTRIES - BOOT_KERNEL_INDEX - 1, 8, 0
    .balign 16
m_stack:
    .fill   M_STACK_SIZE, 1, 0
m_stack_top:
