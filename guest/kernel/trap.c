/* S-mode trap handling: system calls from U, expected faults in the kernel
 * (exception table), and panics for everything else. */
#include <stdio.h>
#include "kernel.h"
#include "usercopy.h"

extern const struct exception_table_entry __ex_table_start[], __ex_table_end[];

volatile struct expected_fault last_fault;
volatile int execute_probe_armed;

static int is_page_fault(uint64_t cause)
{
    return cause == CAUSE_LOAD_PAGE_FAULT || cause == CAUSE_STORE_PAGE_FAULT ||
           cause == CAUSE_FETCH_PAGE_FAULT;
}

static const struct exception_table_entry *find_fixup(uint64_t pc)
{
    for (const struct exception_table_entry *e = __ex_table_start; e < __ex_table_end; e++)
        if (pc >= e->start && pc < e->end)
            return e;
    return NULL;
}

static __attribute__((noreturn)) void panic(const char *where, uint64_t cause, uint64_t epc, uint64_t tval)
{
    printf("PANIC %s: scause=%llu sepc=0x%llx stval=0x%llx\n", where, (unsigned long long)cause,
           (unsigned long long)epc, (unsigned long long)tval);
    kcheck(0, "no panic");
    kernel_finish();
}

void trap_from_kernel(struct ktrap_frame *frame)
{
    uint64_t cause = csr_read(scause);
    uint64_t tval = csr_read(stval);
    if (is_page_fault(cause)) {
        const struct exception_table_entry *fixup = find_fixup(frame->sepc);
        if (fixup || (execute_probe_armed && cause == CAUSE_FETCH_PAGE_FAULT)) {
            last_fault.count++;
            last_fault.cause = cause;
            last_fault.tval = tval;
            if (fixup) {
                frame->sepc = fixup->fixup;
            } else {
                execute_probe_armed = 0;
                frame->sepc = frame->x[REG_RA];
                frame->x[REG_A0] = (uint64_t)-EFAULT;
            }
            return;
        }
    }
    panic("kernel trap", cause, frame->sepc, tval);
}

/* A timer interrupt taken in U: count it for the running process, publish
 * the count in its memory (a tiny vDSO), and resume it. */
static struct ktrap_frame *timer_tick(struct ktrap_frame *frame)
{
    sbi_set_timer(TIMER_NEVER);
    uint64_t ticks = ++current->timer_ticks;
    user_memcpy_to(USER_TICKS_VA, &ticks, sizeof ticks);
    return frame;
}

struct ktrap_frame *trap_from_user(struct ktrap_frame *frame)
{
    uint64_t cause = csr_read(scause);
    if (cause == (MCAUSE_INTERRUPT | IRQ_S_TIMER))
        return timer_tick(frame);
    if (cause != CAUSE_ECALL_U) {
        printf("kernel: %s killed by scause=%llu\n", current->label, (unsigned long long)cause);
        return scheduler_exit(-1);
    }
    frame->sepc += 4;
    switch (frame->x[REG_A7]) {
    case SYS_YIELD:
        frame->x[REG_A0] = 0;
        return scheduler_yield();
    case SYS_EXIT:
        return scheduler_exit((long)frame->x[REG_A0]);
    default:
        syscall_dispatch(frame);
        return frame;
    }
}
