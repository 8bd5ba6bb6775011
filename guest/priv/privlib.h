/* Harness for the privileged tests: runs probes in M, S or U mode with or
 * without Sv39, records every trap, and prints checks. */
#ifndef PRIV_PRIVLIB_H
#define PRIV_PRIVLIB_H

#include <stdint.h>
#include "privlib_defs.h"
#include "testlib.h"

typedef uint64_t (*probe_fn)(uint64_t, uint64_t);

/* One probe in its supervisor-page and user-page copies. */
struct probe {
    const char *name;
    probe_fn s, u;
};
#define PROBE_DECL(name) \
    uint64_t name##_s(uint64_t, uint64_t); uint64_t name##_u(uint64_t, uint64_t); \
    extern const struct probe name;
PROBE_DECL(probe_load)
PROBE_DECL(probe_load_word)
PROBE_DECL(probe_store)
PROBE_DECL(probe_fetch)
PROBE_DECL(probe_ecall)
PROBE_DECL(probe_ebreak)
PROBE_DECL(probe_lr)
PROBE_DECL(probe_amoadd)
PROBE_DECL(probe_illegal)
PROBE_DECL(probe_wfi)
PROBE_DECL(probe_mret)
PROBE_DECL(probe_sret)
PROBE_DECL(probe_sfence)
PROBE_DECL(probe_read_satp)
PROBE_DECL(probe_rewrite_satp)
PROBE_DECL(probe_raise_ssip)
PROBE_DECL(probe_sret_to_user)
PROBE_DECL(probe_read_sstatus)
PROBE_DECL(probe_spin)
PROBE_DECL(probe_sstatus_set_spin)
PROBE_DECL(probe_sret_to_self)

/* The last trap and a history of causes (for priority checks). */
#define TRAP_HISTORY 8
struct trap_log {
    uint64_t count;
    uint64_t cause, epc, tval;
    int handler_mode;       /* PRIV_M or PRIV_S */
    int from_mode;          /* previous privilege (MPP/SPP) */
    uint64_t status;        /* mstatus (M) or sstatus (S) on entry */
    uint64_t history[TRAP_HISTORY];
};
extern volatile struct trap_log trap_log;
void trap_log_clear(void);

/* Optional extra action for a trap; return 1 when it handled everything
 * (no default skip or interrupt silencing). */
typedef int (*trap_hook_fn)(int handler_mode, uint64_t *regs, uint64_t cause);
void priv_set_hook(trap_hook_fn hook);

/* mtvec/stvec, trap stacks, PMP entry PMP_BACKGROUND_ENTRY opening all memory,
 * no delegation, satp = Bare, Sv39 tables built. */
#define PMP_BACKGROUND_ENTRY (PMP_ENTRIES - 1)
void priv_init(void);

/* Runs probe in mode (PRIV_M calls it directly) and returns its a0. */
uint64_t run_in_mode(int mode, probe_fn fn, uint64_t a, uint64_t b);
uint64_t run_probe(int mode, const struct probe *p, uint64_t a, uint64_t b);

/* Address translation for S/U (and M with MPRV). */
enum paging { PAGING_BARE, PAGING_SV39 };
#define PAGING_MODES 2
void set_paging(enum paging mode);
const char *paging_name(enum paging mode);
/* Address of test page i (identity-mapped). */
uint64_t test_page(int index);

/* An address whose access faults (no device behind it) for mode under
 * paging: physical 0, or under Sv39 for U a user page mapped to it. */
uint64_t nowhere_address(int mode, enum paging paging);

/* Under Sv39, ALIAS_VA maps the S RWX test page and ALIAS_VA + 4 KiB the U
 * RWX one, through tables of their own: alias_address(mode) is the one mode
 * may use, alias_leaf_table() the physical address of their level-0 table. */
#define ALIAS_VA 0xc0000000ul
uint64_t alias_address(int mode);
uint64_t alias_leaf_table(void);

/* Lets a delegated ecall-from-S end run_in_mode: the S handler raises a
 * machine software interrupt instead (needs mie.MSIE, set by this). */
void allow_return_from_delegated_s_ecall(int on);

/* PMP helpers: cfg byte of entry i, and pmpaddr i. */
void pmp_set(int entry, uint64_t address, uint8_t cfg);
uint8_t pmp_get_cfg(int entry);
uint64_t pmp_get_addr(int entry);

/* CLINT. */
void clint_set_msip(int on);
uint64_t clint_mtime(void);
void clint_set_mtimecmp(uint64_t value);

/* "ok what" or "FAIL what"; counted by testlib. */
int pcheck(int ok, const char *what);
/* Checks that the last region trapped exactly once with cause, into handler_mode. */
int expect_trap(const char *what, uint64_t cause, int handler_mode);
int expect_no_trap(const char *what);
const char *mode_name(int mode);

#endif
