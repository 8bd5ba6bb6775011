/* Trap dispatch: a test may install a handler; anything it does not handle
 * is reported and ends the program with a failure code. */
#include <stdio.h>
#include "riscv.h"
#include "runtime.h"

#define UNHANDLED_TRAP_EXIT_CODE 99

static trap_handler_fn installed_handler;

void trap_set_handler(trap_handler_fn handler)
{
    installed_handler = handler;
}

void trap_dispatch(struct trap_frame *frame)
{
    uint64_t cause = csr_read(mcause);
    uint64_t epc = csr_read(mepc);
    uint64_t tval = csr_read(mtval);

    if (installed_handler && installed_handler(frame, cause, epc, tval))
        return;

    printf("unexpected trap: mcause=0x%llx mepc=0x%llx mtval=0x%llx\n",
           (unsigned long long)cause, (unsigned long long)epc,
           (unsigned long long)tval);
    machine_exit(UNHANDLED_TRAP_EXIT_CODE);
}
