/* Privileged-architecture names used by guest/kernel and guest/priv that
 * runtime/riscv.h does not define. riscv.h is still growing, so each name is
 * defined only if riscv.h does not define it (with the same value). */
#ifndef GUEST_RISCV_PRIV_H
#define GUEST_RISCV_PRIV_H

#include "riscv.h"

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
#ifndef MSTATUS_MPP_S
#define MSTATUS_MPP_S           (PRIV_S << MSTATUS_MPP_SHIFT)
#endif
#ifndef MSTATUS_MPP_U
#define MSTATUS_MPP_U           (PRIV_U << MSTATUS_MPP_SHIFT)
#endif
#ifndef MSTATUS_MPP_M
#define MSTATUS_MPP_M           (PRIV_M << MSTATUS_MPP_SHIFT)
#endif
#ifndef SSTATUS_SUM
#define SSTATUS_SUM             MSTATUS_SUM
#endif
#ifndef SSTATUS_MXR
#define SSTATUS_MXR             MSTATUS_MXR
#endif

/* Supervisor interrupt numbers (bit in mip/mie/mideleg, and the cause code). */
#ifndef IRQ_S_SOFTWARE
#define IRQ_S_SOFTWARE          1
#endif
#ifndef IRQ_S_TIMER
#define IRQ_S_TIMER             5
#endif
#ifndef IRQ_S_EXTERNAL
#define IRQ_S_EXTERNAL          9
#endif
#ifndef MIP_SSIP
#define MIP_SSIP                (1ul << IRQ_S_SOFTWARE)
#endif
#ifndef MIP_STIP
#define MIP_STIP                (1ul << IRQ_S_TIMER)
#endif
#ifndef MIP_SEIP
#define MIP_SEIP                (1ul << IRQ_S_EXTERNAL)
#endif

/* satp modes (riscv.h names SATP_MODE_SV39). */
#ifndef SATP_MODE_BARE
#define SATP_MODE_BARE          0ul
#endif

/* Sv39 page-table entries. */
#ifndef MEGAPAGE_SIZE
#define MEGAPAGE_SIZE           (1ul << 21)
#endif
#ifndef GIGAPAGE_SIZE
#define GIGAPAGE_SIZE           (1ul << 30)
#endif
#ifndef SV39_LEVELS
#define SV39_LEVELS             3
#endif
#ifndef SV39_VA_BITS
#define SV39_VA_BITS            39
#endif

/* PMP: pmpcfg byte fields and address-matching modes. */
#ifndef PMP_A_OFF
#define PMP_A_OFF               0x00
#endif
#ifndef PMP_A_TOR
#define PMP_A_TOR               0x08
#endif
#ifndef PMP_A_NA4
#define PMP_A_NA4               0x10
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

#endif
