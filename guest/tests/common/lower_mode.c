#include "lower_mode.h"

#define A7 17
#define PMP_ADDRESS_ALL (~0ull >> 10)   /* NAPOT: the whole address space */

extern char lower_mode_return[], lower_mode_resume[];

volatile uint64_t trap_from_mode;

static const char *const mode_names[4] = { "U", "S", "?", "M" };

/* The lower mode's final ecall resumes run_in_mode's caller in M mode. */
static int lower_mode_handler(struct trap_frame *frame, uint64_t cause, uint64_t epc, uint64_t tval)
{
    uint64_t previous_mode = (csr_read(mstatus) & MSTATUS_MPP_MASK) >> MSTATUS_MPP_SHIFT;
    int is_ecall = cause == CAUSE_ECALL_U || cause == CAUSE_ECALL_S;
    if (is_ecall && (epc == (uintptr_t)lower_mode_return || frame->x[A7] == LOWER_MODE_EXIT_CALL)) {
        csr_write(mepc, (uintptr_t)lower_mode_resume);
        csr_set(mstatus, MSTATUS_MPP_MASK);
        return 1;
    }
    trap_from_mode = previous_mode;
    return trap_record_and_skip(frame, cause, epc, tval);
}

void lower_mode_setup(void)
{
    /* With PMP implemented, S and U may touch nothing until an entry allows it. */
    csr_write(pmpaddr0, PMP_ADDRESS_ALL);
    csr_write(pmpcfg0, PMP_R | PMP_W | PMP_X | PMP_A_NAPOT);
    trap_set_handler(lower_mode_handler);
}

uint64_t run_lower(const char *label, uint64_t mode, uint64_t (*fn)(uint64_t), uint64_t arg)
{
    trap_record_clear();
    trap_from_mode = 0;
    uint64_t result = run_in_mode(mode, fn, arg);
    if (caught.count)
        printf("%s in %s: trap cause=%llu tval=0x%llx from %s\n", label, mode_names[mode],
               (unsigned long long)caught.cause, (unsigned long long)caught.tval,
               mode_names[trap_from_mode]);
    else
        printf("%s in %s: no trap\n", label, mode_names[mode]);
    return result;
}
