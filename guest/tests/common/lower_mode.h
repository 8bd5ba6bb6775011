/* Running code in S or U mode from an M-mode test. */
#ifndef GUEST_LOWER_MODE_H
#define GUEST_LOWER_MODE_H

#include "testlib.h"

/* mret into fn(arg) at privilege `mode` (PRIV_S or PRIV_U) and come back to
 * M mode when fn returns; the result is fn's return value. */
uint64_t run_in_mode(uint64_t mode, uint64_t (*fn)(uint64_t), uint64_t arg);

/* Code that cannot return to run_in_mode's caller (e.g. user code on its own
 * pages) ends with `li a7, LOWER_MODE_EXIT_CALL; ecall`, result in a0. */
#define LOWER_MODE_EXIT_CALL 2047

/* Opens all memory to S and U through PMP entry 0 and installs the M-mode
 * handler: traps other than the return path are recorded in `caught` (with
 * the mode they came from in trap_from_mode) and skipped. */
void lower_mode_setup(void);
extern volatile uint64_t trap_from_mode;

/* run_in_mode plus a printed line saying what trapped to M. */
uint64_t run_lower(const char *label, uint64_t mode, uint64_t (*fn)(uint64_t), uint64_t arg);

/* Delegated traps land here when stvec = s_mode_trap_entry; it records them in
 * s_trap_record and skips the instruction. */
extern char s_mode_trap_entry[];
extern volatile struct s_trap_record {
    uint64_t count, cause, epc, tval, status;
} s_trap_record;

#endif
