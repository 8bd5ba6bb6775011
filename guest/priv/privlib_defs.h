/* Constants shared by privlib_asm.S and the C side of the test harness. */
#ifndef PRIV_PRIVLIB_DEFS_H
#define PRIV_PRIVLIB_DEFS_H

#include "riscv_priv.h"

/* a7 value of the ecall that ends run_in_mode. */
#define PRIV_RETURN_ECALL       0x7e7
#define PRIV_FRAME_SIZE         (32 * 8)

/* Test pages (privlib_asm.S). */
#define PRIV_TEST_PAGES         11
#define PRIV_PAGE_WORD_BASE     0xc0de0000
#define PRIV_PAGE_DATA_OFFSET   8
#define PRIV_PAGE_STORE_OFFSET  16

/* Which test page has which permissions under Sv39 (privlib.c). */
#define PAGE_U_RW               0
#define PAGE_U_X                1
#define PAGE_U_RX               2
#define PAGE_S_RW               3
#define PAGE_S_X                4
#define PAGE_S_RX               5
#define PAGE_U_R                6
#define PAGE_INVALID            7
#define PAGE_U_RWX              8
#define PAGE_S_R                9
#define PAGE_S_RWX              10

#endif
