/* Names for the RISC-V and QEMU virt constants the guest programs use. */
#ifndef GUEST_RISCV_H
#define GUEST_RISCV_H

/* QEMU virt physical memory map. */
#define VIRT_SIFIVE_TEST_BASE   0x100000
#define VIRT_CLINT_BASE         0x2000000
#define VIRT_UART0_BASE         0x10000000
#define VIRT_RAM_BASE           0x80000000

/* SiFive test device: values written to its first word. */
#define SIFIVE_TEST_PASS        0x5555
#define SIFIVE_TEST_FAIL        0x3333
#define SIFIVE_TEST_CODE_SHIFT  16

/* CLINT register offsets (hart 0). mtime runs at 10 MHz on virt. */
#define CLINT_MSIP              0x0
#define CLINT_MTIMECMP          0x4000
#define CLINT_MTIME             0xbff8

/* 16550 UART register offsets and bits. */
#define UART_THR                0
#define UART_LSR                5
#define UART_LSR_THR_EMPTY      0x20

/* HTIF syscall-proxy numbers (Linux/pk numbering). */
#define HTIF_SYS_WRITE          64
#define HTIF_SYS_EXIT           93

/* mstatus fields. */
#define MSTATUS_MIE             (1ul << 3)
#define MSTATUS_MPIE            (1ul << 7)
#define MSTATUS_MPP_SHIFT       11
#define MSTATUS_MPP_MASK        (3ul << MSTATUS_MPP_SHIFT)
#define MSTATUS_FS_SHIFT        13
#define MSTATUS_FS_MASK         (3ul << MSTATUS_FS_SHIFT)
#define MSTATUS_FS_OFF          (0ul << MSTATUS_FS_SHIFT)
#define MSTATUS_FS_INITIAL      (1ul << MSTATUS_FS_SHIFT)
#define MSTATUS_FS_CLEAN        (2ul << MSTATUS_FS_SHIFT)
#define MSTATUS_FS_DIRTY        (3ul << MSTATUS_FS_SHIFT)
#define MSTATUS_MPRV            (1ul << 17)
#define MSTATUS_SUM             (1ul << 18)
#define MSTATUS_MXR             (1ul << 19)
#define MSTATUS_TVM             (1ul << 20)
#define MSTATUS_TW              (1ul << 21)
#define MSTATUS_TSR             (1ul << 22)
#define MSTATUS_SD              (1ul << 63)
#define SSTATUS_SIE             (1ul << 1)
#define SSTATUS_SPIE            (1ul << 5)
#define SSTATUS_SPP             (1ul << 8)

/* Privilege levels as encoded in mstatus.MPP. */
#define PRIV_U                  0
#define PRIV_S                  1
#define PRIV_M                  3

/* mcounteren / scounteren bits. */
#define COUNTEREN_CY            (1ul << 0)
#define COUNTEREN_TM            (1ul << 1)
#define COUNTEREN_IR            (1ul << 2)

/* Sv39 page-table entries and satp. */
#define PTE_V                   (1ul << 0)
#define PTE_R                   (1ul << 1)
#define PTE_W                   (1ul << 2)
#define PTE_X                   (1ul << 3)
#define PTE_U                   (1ul << 4)
#define PTE_G                   (1ul << 5)
#define PTE_A                   (1ul << 6)
#define PTE_D                   (1ul << 7)
#define PTE_PPN_SHIFT           10
#define PAGE_SHIFT              12
#define PAGE_SIZE               (1ul << PAGE_SHIFT)
#define SV39_LEVEL_BITS         9
#define SV39_ENTRIES            512
#define SATP_MODE_SV39          (8ul << 60)

/* pmpcfg entry bits. */
#define PMP_R                   0x01
#define PMP_W                   0x02
#define PMP_X                   0x04
#define PMP_A_NAPOT             0x18

/* mie / mip bits. */
#define MIP_MSIP                (1ul << 3)
#define MIP_MTIP                (1ul << 7)
#define MIP_MEIP                (1ul << 11)

/* Interrupt causes (mcause with MCAUSE_INTERRUPT set). */
#define IRQ_M_SOFTWARE          3
#define IRQ_M_TIMER             7
#define IRQ_M_EXTERNAL          11

/* Synchronous exception causes (mcause with interrupt bit clear). */
#define CAUSE_MISALIGNED_FETCH  0
#define CAUSE_FETCH_ACCESS      1
#define CAUSE_ILLEGAL_INSN      2
#define CAUSE_BREAKPOINT        3
#define CAUSE_MISALIGNED_LOAD   4
#define CAUSE_LOAD_ACCESS       5
#define CAUSE_MISALIGNED_STORE  6  /* also store/AMO */
#define CAUSE_STORE_ACCESS      7  /* also store/AMO */
#define CAUSE_ECALL_U           8
#define CAUSE_ECALL_S           9
#define CAUSE_ECALL_M           11
#define CAUSE_FETCH_PAGE_FAULT  12
#define CAUSE_LOAD_PAGE_FAULT   13
#define CAUSE_STORE_PAGE_FAULT  15  /* also store/AMO */
#define MCAUSE_INTERRUPT        (1ul << 63)

/* fcsr fields. */
#define FFLAGS_NX               0x01
#define FFLAGS_UF               0x02
#define FFLAGS_OF               0x04
#define FFLAGS_DZ               0x08
#define FFLAGS_NV               0x10
#define FRM_SHIFT               5

/* Rounding-mode encodings (instruction rm field and frm). */
#define RM_RNE                  0
#define RM_RTZ                  1
#define RM_RDN                  2
#define RM_RUP                  3
#define RM_RMM                  4
#define RM_DYN                  7

#ifndef __ASSEMBLER__
#include <stdint.h>

#define csr_read(name) ({ uint64_t v_; \
    __asm__ volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define csr_write(name, val) \
    __asm__ volatile("csrw " #name ", %0" :: "rK"((uint64_t)(val)) : "memory")
#define csr_set(name, bits) \
    __asm__ volatile("csrs " #name ", %0" :: "rK"((uint64_t)(bits)) : "memory")
#define csr_clear(name, bits) \
    __asm__ volatile("csrc " #name ", %0" :: "rK"((uint64_t)(bits)) : "memory")
#endif

#endif
