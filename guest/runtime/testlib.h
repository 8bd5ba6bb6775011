/* Helpers for self-checking tests: numbered checks and trap catching. */
#ifndef GUEST_TESTLIB_H
#define GUEST_TESTLIB_H

#include <stdint.h>
#include <stdio.h>
#include "riscv.h"
#include "runtime.h"

/* Counts a check; on failure prints it and remembers the first failing number. */
int check(int ok, const char *what);
/* Prints "name = 0x..." and checks it against the expected value. */
int check_eq(const char *name, uint64_t got, uint64_t expected);
/* Prints the summary line; returns 0 or the first failing check's number (1..255). */
int test_finish(void);

/* True when running under QEMU 7.2.x (its marchid encodes the version). Used
 * only to accept QEMU's known deviations from the spec (see README.md);
 * output never depends on it. */
int running_on_qemu_7_2(void);

/* What the catching handler saw for the most recent trap. */
struct trap_record {
    uint64_t count;
    uint64_t cause;
    uint64_t epc;
    uint64_t tval;
};
extern volatile struct trap_record caught;

/* Installs a handler that records every synchronous trap and resumes after the
 * trapping instruction (or at ra for fetch faults); clears `caught`. */
void trap_catch_begin(void);
void trap_catch_end(void);
/* The handler trap_catch_begin installs, for tests that wrap it in their own. */
int trap_record_and_skip(struct trap_frame *frame, uint64_t cause, uint64_t epc, uint64_t tval);
void trap_record_clear(void);

#endif
