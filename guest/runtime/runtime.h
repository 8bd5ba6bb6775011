/* Runtime interface shared by the console back-ends, the trap code and tests. */
#ifndef GUEST_RUNTIME_H
#define GUEST_RUNTIME_H

#include <stdint.h>

/* Implemented by the back-end chosen at link time (virt.c or htif.c). */
void console_putc(char c);
void console_flush(void);
__attribute__((noreturn)) void machine_exit(int code);

/* Registers saved by the trap entry in crt0.S, indexed by register number. */
struct trap_frame {
    uint64_t x[32];     /* x[0] is unused */
};

/* A trap handler returns 1 when it handled the trap and mepc is fixed up;
 * returning 0 falls through to the default handler, which reports and exits. */
typedef int (*trap_handler_fn)(struct trap_frame *frame, uint64_t cause,
                               uint64_t epc, uint64_t tval);
void trap_set_handler(trap_handler_fn handler);

#endif
