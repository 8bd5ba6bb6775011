/* Privileged-architecture names used by guest/kernel and guest/priv, on top
 * of runtime/riscv.h (which names mstatus.MIE/MPIE/MPP/FS and the M causes). */
#ifndef GUEST_RISCV_PRIV_H
#define GUEST_RISCV_PRIV_H

#include "riscv.h"

/* Privilege levels as encoded in mstatus.MPP / sstatus.SPP. */
#define PRV_U                   0
#define PRV_S                   1
#define PRV_M                   3

/* mstatus / sstatus fields not named in riscv.h. */
#define MSTATUS_SIE             (1ul << 1)
#define MSTATUS_SPIE            (1ul << 5)
#define MSTATUS_SPP             (1ul << 8)
#define MSTATUS_MPRV            (1ul << 17)
#define MSTATUS_SUM             (1ul << 18)
#define MSTATUS_MXR             (1ul << 19)
#define MSTATUS_TVM             (1ul << 20)
#define MSTATUS_TW              (1ul << 21)
#define MSTATUS_TSR             (1ul << 22)
#define MSTATUS_MPP_S           ((uint64_t)PRV_S << MSTATUS_MPP_SHIFT)
#define MSTATUS_MPP_U           ((uint64_t)PRV_U << MSTATUS_MPP_SHIFT)
#define MSTATUS_MPP_M           ((uint64_t)PRV_M << MSTATUS_MPP_SHIFT)
#define SSTATUS_SIE             MSTATUS_SIE
#define SSTATUS_SPIE            MSTATUS_SPIE
#define SSTATUS_SPP             MSTATUS_SPP
#define SSTATUS_SUM             MSTATUS_SUM
#define SSTATUS_MXR             MSTATUS_MXR
#define SSTATUS_FS_INITIAL      MSTATUS_FS_INITIAL

/* Exception causes not named in riscv.h. */
#define CAUSE_FETCH_PAGE_FAULT  12
#define CAUSE_LOAD_PAGE_FAULT   13
#define CAUSE_STORE_PAGE_FAULT  15

/* Interrupt numbers: bit positions in mip/mie/mideleg, and the cause code. */
#define IRQ_S_SOFT              1
#define IRQ_M_SOFT              3
#define IRQ_S_TIMER             5
#define IRQ_M_TIMER             7
#define IRQ_S_EXT               9
#define IRQ_M_EXT               11
#define MIP_SSIP                (1ul << IRQ_S_SOFT)
#define MIP_MSIP                (1ul << IRQ_M_SOFT)
#define MIP_STIP                (1ul << IRQ_S_TIMER)
#define MIP_MTIP                (1ul << IRQ_M_TIMER)
#define MIP_SEIP                (1ul << IRQ_S_EXT)
#define MIP_MEIP                (1ul << IRQ_M_EXT)
#define CAUSE_INTERRUPT         MCAUSE_INTERRUPT

/* satp. */
#define SATP_MODE_SHIFT         60
#define SATP_MODE_BARE          0ul
#define SATP_MODE_SV39          (8ul << SATP_MODE_SHIFT)
#define SATP_ASID_SHIFT         44

/* Sv39 page-table entries. */
#define PAGE_SHIFT              12
#define PAGE_SIZE               (1ul << PAGE_SHIFT)
#define MEGAPAGE_SIZE           (1ul << 21)
#define GIGAPAGE_SIZE           (1ul << 30)
#define SV39_LEVELS             3
#define SV39_INDEX_BITS         9
#define SV39_ENTRIES            (1ul << SV39_INDEX_BITS)
#define SV39_VA_BITS            39
#define PTE_V                   (1ul << 0)
#define PTE_R                   (1ul << 1)
#define PTE_W                   (1ul << 2)
#define PTE_X                   (1ul << 3)
#define PTE_U                   (1ul << 4)
#define PTE_G                   (1ul << 5)
#define PTE_A                   (1ul << 6)
#define PTE_D                   (1ul << 7)
#define PTE_PPN_SHIFT           10

/* PMP: pmpcfg byte fields and address-matching modes. */
#define PMP_R                   0x01
#define PMP_W                   0x02
#define PMP_X                   0x04
#define PMP_A_OFF               0x00
#define PMP_A_TOR               0x08
#define PMP_A_NA4               0x10
#define PMP_A_NAPOT             0x18
#define PMP_L                   0x80
#define PMP_ADDR_SHIFT          2
#define PMP_ENTRIES             16
/* pmpaddr value whose NAPOT region is the whole address space. */
#define PMP_ADDR_ALL            (~0ul >> 10)

/* CLINT on the QEMU virt machine. */
#define VIRT_CLINT_BASE         0x2000000
#define CLINT_MSIP              0x0
#define CLINT_MTIMECMP          0x4000
#define CLINT_MTIME             0xbff8

#endif
