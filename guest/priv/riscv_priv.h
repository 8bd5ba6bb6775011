/* Privileged-architecture names used by guest/kernel and guest/priv, on top
 * of runtime/riscv.h. runtime/riscv.h is still growing, so each name here is
 * defined only if it does not define it already (same values). */
#ifndef GUEST_RISCV_PRIV_H
#define GUEST_RISCV_PRIV_H

#include "riscv.h"

/* Privilege levels as encoded in mstatus.MPP / sstatus.SPP. */
#ifndef PRV_U
#define PRV_U                   0
#endif
#ifndef PRV_S
#define PRV_S                   1
#endif
#ifndef PRV_M
#define PRV_M                   3
#endif

/* mstatus / sstatus fields not named in riscv.h. */
#ifndef MSTATUS_SIE
#define MSTATUS_SIE             (1ul << 1)
#endif
#ifndef MSTATUS_SPIE
#define MSTATUS_SPIE            (1ul << 5)
#endif
#ifndef MSTATUS_SPP
#define MSTATUS_SPP             (1ul << 8)
#endif
#ifndef MSTATUS_MPRV
#define MSTATUS_MPRV            (1ul << 17)
#endif
#ifndef MSTATUS_SUM
#define MSTATUS_SUM             (1ul << 18)
#endif
#ifndef MSTATUS_MXR
#define MSTATUS_MXR             (1ul << 19)
#endif
#ifndef MSTATUS_TVM
#define MSTATUS_TVM             (1ul << 20)
#endif
#ifndef MSTATUS_TW
#define MSTATUS_TW              (1ul << 21)
#endif
#ifndef MSTATUS_TSR
#define MSTATUS_TSR             (1ul << 22)
#endif
#ifndef MSTATUS_MPP_S
#define MSTATUS_MPP_S           (PRV_S << MSTATUS_MPP_SHIFT)
#endif
#ifndef MSTATUS_MPP_U
#define MSTATUS_MPP_U           (PRV_U << MSTATUS_MPP_SHIFT)
#endif
#ifndef MSTATUS_MPP_M
#define MSTATUS_MPP_M           (PRV_M << MSTATUS_MPP_SHIFT)
#endif
#ifndef SSTATUS_SIE
#define SSTATUS_SIE             MSTATUS_SIE
#endif
#ifndef SSTATUS_SPIE
#define SSTATUS_SPIE            MSTATUS_SPIE
#endif
#ifndef SSTATUS_SPP
#define SSTATUS_SPP             MSTATUS_SPP
#endif
#ifndef SSTATUS_SUM
#define SSTATUS_SUM             MSTATUS_SUM
#endif
#ifndef SSTATUS_MXR
#define SSTATUS_MXR             MSTATUS_MXR
#endif
#ifndef SSTATUS_FS_INITIAL
#define SSTATUS_FS_INITIAL      MSTATUS_FS_INITIAL
#endif

/* mcounteren / scounteren bits. */
#ifndef COUNTEREN_CY
#define COUNTEREN_CY            (1ul << 0)
#endif
#ifndef COUNTEREN_TM
#define COUNTEREN_TM            (1ul << 1)
#endif
#ifndef COUNTEREN_IR
#define COUNTEREN_IR            (1ul << 2)
#endif

/* Exception causes not named in riscv.h. */
#ifndef CAUSE_FETCH_PAGE_FAULT
#define CAUSE_FETCH_PAGE_FAULT  12
#endif
#ifndef CAUSE_LOAD_PAGE_FAULT
#define CAUSE_LOAD_PAGE_FAULT   13
#endif
#ifndef CAUSE_STORE_PAGE_FAULT
#define CAUSE_STORE_PAGE_FAULT  15
#endif

/* Interrupt numbers: bit positions in mip/mie/mideleg, and the cause code. */
#ifndef IRQ_S_SOFT
#define IRQ_S_SOFT              1
#endif
#ifndef IRQ_M_SOFT
#define IRQ_M_SOFT              3
#endif
#ifndef IRQ_S_TIMER
#define IRQ_S_TIMER             5
#endif
#ifndef IRQ_M_TIMER
#define IRQ_M_TIMER             7
#endif
#ifndef IRQ_S_EXT
#define IRQ_S_EXT               9
#endif
#ifndef IRQ_M_EXT
#define IRQ_M_EXT               11
#endif
#ifndef MIP_SSIP
#define MIP_SSIP                (1ul << IRQ_S_SOFT)
#endif
#ifndef MIP_MSIP
#define MIP_MSIP                (1ul << IRQ_M_SOFT)
#endif
#ifndef MIP_STIP
#define MIP_STIP                (1ul << IRQ_S_TIMER)
#endif
#ifndef MIP_MTIP
#define MIP_MTIP                (1ul << IRQ_M_TIMER)
#endif
#ifndef MIP_SEIP
#define MIP_SEIP                (1ul << IRQ_S_EXT)
#endif
#ifndef MIP_MEIP
#define MIP_MEIP                (1ul << IRQ_M_EXT)
#endif
#ifndef CAUSE_INTERRUPT
#define CAUSE_INTERRUPT         MCAUSE_INTERRUPT
#endif

/* satp. */
#ifndef SATP_MODE_SHIFT
#define SATP_MODE_SHIFT         60
#endif
#ifndef SATP_MODE_BARE
#define SATP_MODE_BARE          0ul
#endif
#ifndef SATP_MODE_SV39
#define SATP_MODE_SV39          (8ul << SATP_MODE_SHIFT)
#endif
#ifndef SATP_ASID_SHIFT
#define SATP_ASID_SHIFT         44
#endif

/* Sv39 page-table entries. */
#ifndef PAGE_SHIFT
#define PAGE_SHIFT              12
#endif
#ifndef PAGE_SIZE
#define PAGE_SIZE               (1ul << PAGE_SHIFT)
#endif
#ifndef MEGAPAGE_SIZE
#define MEGAPAGE_SIZE           (1ul << 21)
#endif
#ifndef GIGAPAGE_SIZE
#define GIGAPAGE_SIZE           (1ul << 30)
#endif
#ifndef SV39_LEVELS
#define SV39_LEVELS             3
#endif
#ifndef SV39_INDEX_BITS
#define SV39_INDEX_BITS         9
#endif
#ifndef SV39_ENTRIES
#define SV39_ENTRIES            (1ul << SV39_INDEX_BITS)
#endif
#ifndef SV39_VA_BITS
#define SV39_VA_BITS            39
#endif
#ifndef PTE_V
#define PTE_V                   (1ul << 0)
#endif
#ifndef PTE_R
#define PTE_R                   (1ul << 1)
#endif
#ifndef PTE_W
#define PTE_W                   (1ul << 2)
#endif
#ifndef PTE_X
#define PTE_X                   (1ul << 3)
#endif
#ifndef PTE_U
#define PTE_U                   (1ul << 4)
#endif
#ifndef PTE_G
#define PTE_G                   (1ul << 5)
#endif
#ifndef PTE_A
#define PTE_A                   (1ul << 6)
#endif
#ifndef PTE_D
#define PTE_D                   (1ul << 7)
#endif
#ifndef PTE_PPN_SHIFT
#define PTE_PPN_SHIFT           10
#endif

/* PMP: pmpcfg byte fields and address-matching modes. */
#ifndef PMP_R
#define PMP_R                   0x01
#endif
#ifndef PMP_W
#define PMP_W                   0x02
#endif
#ifndef PMP_X
#define PMP_X                   0x04
#endif
#ifndef PMP_A_OFF
#define PMP_A_OFF               0x00
#endif
#ifndef PMP_A_TOR
#define PMP_A_TOR               0x08
#endif
#ifndef PMP_A_NA4
#define PMP_A_NA4               0x10
#endif
#ifndef PMP_A_NAPOT
#define PMP_A_NAPOT             0x18
#endif
#ifndef PMP_L
#define PMP_L                   0x80
#endif
#ifndef PMP_ADDR_SHIFT
#define PMP_ADDR_SHIFT          2
#endif
#ifndef PMP_ENTRIES
#define PMP_ENTRIES             16
#endif
/* pmpaddr value whose NAPOT region is the whole address space. */
#ifndef PMP_ADDR_ALL
#define PMP_ADDR_ALL            0x3ffffffffffffful
#endif

/* CLINT on the QEMU virt machine. */
#ifndef VIRT_CLINT_BASE
#define VIRT_CLINT_BASE         0x2000000
#endif
#ifndef CLINT_MSIP
#define CLINT_MSIP              0x0
#endif
#ifndef CLINT_MTIMECMP
#define CLINT_MTIMECMP          0x4000
#endif
#ifndef CLINT_MTIME
#define CLINT_MTIME             0xbff8
#endif

#endif
