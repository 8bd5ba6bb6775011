/* Machine software and timer interrupts through the CLINT: pending bits,
 * enable gating, priority, and mstatus.MIE/MPIE on entry and mret. */
#include "testlib.h"

#define MMIO32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))
#define MMIO64(addr) (*(volatile uint64_t *)(uintptr_t)(addr))
#define MSIP      MMIO32(VIRT_CLINT_BASE + CLINT_MSIP)
#define MTIMECMP  MMIO64(VIRT_CLINT_BASE + CLINT_MTIMECMP)
#define MTIME     MMIO64(VIRT_CLINT_BASE + CLINT_MTIME)
#define TIMER_NEVER 0xffffffffffffffffull
#define TIMER_DELAY_TICKS 1000          /* 100 us at 10 MHz */
#define TIMER_GIVE_UP_TICKS 100000000   /* 10 s */
#define TIMER_GIVE_UP_POLLS 10000000    /* in case mtime never moves */
#define MAX_RECORDED 4

static volatile uint64_t interrupt_causes[MAX_RECORDED];
static volatile unsigned interrupt_count;
static volatile uint64_t mstatus_in_handler;

/* Records the cause and silences the source; mepc stays as it is. */
static int interrupt_handler(struct trap_frame *frame, uint64_t cause, uint64_t epc, uint64_t tval)
{
    (void)frame; (void)epc; (void)tval;
    if (!(cause & MCAUSE_INTERRUPT))
        return 0;
    if (interrupt_count < MAX_RECORDED)
        interrupt_causes[interrupt_count] = cause;
    interrupt_count++;
    mstatus_in_handler = csr_read(mstatus);
    uint64_t irq = cause & ~MCAUSE_INTERRUPT;
    if (irq == IRQ_M_SOFTWARE)
        MSIP = 0;
    else if (irq == IRQ_M_TIMER)
        MTIMECMP = TIMER_NEVER;
    else
        return 0;
    return 1;
}

static void reset_record(void)
{
    interrupt_count = 0;
    for (unsigned i = 0; i < MAX_RECORDED; i++)
        interrupt_causes[i] = 0;
}

static void print_record(const char *label)
{
    printf("%s: %u interrupt(s)", label, interrupt_count);
    for (unsigned i = 0; i < interrupt_count && i < MAX_RECORDED; i++)
        printf(" cause=0x%llx", (unsigned long long)interrupt_causes[i]);
    printf("\n");
}

static void test_software_interrupt(void)
{
    reset_record();
    csr_write(mie, MIP_MSIP);
    MSIP = 1;
    /* Pending, enabled in mie, but mstatus.MIE = 0: nothing happens yet. */
    uint64_t pending = csr_read(mip) & MIP_MSIP;
    check_eq("mip.MSIP after msip=1", pending != 0, 1);
    check_eq("interrupts with MIE=0", interrupt_count, 0);
    csr_set(mstatus, MSTATUS_MIE);
    __asm__ volatile("nop");
    csr_clear(mstatus, MSTATUS_MIE);
    print_record("software interrupt");
    check(interrupt_count == 1 && interrupt_causes[0] == (MCAUSE_INTERRUPT | IRQ_M_SOFTWARE),
          "software interrupt taken once");
    check_eq("handler saw MIE=0", (mstatus_in_handler & MSTATUS_MIE) != 0, 0);
    check_eq("handler saw MPIE=1", (mstatus_in_handler & MSTATUS_MPIE) != 0, 1);
    check_eq("handler saw MPP=M", (mstatus_in_handler & MSTATUS_MPP_MASK) >> MSTATUS_MPP_SHIFT, 3);
    check_eq("mip.MSIP after handler", csr_read(mip) & MIP_MSIP, 0);
    csr_write(mie, 0);
}

static void test_timer_pending_without_enable(void)
{
    MTIMECMP = 0;
    check_eq("mip.MTIP with mtimecmp=0", (csr_read(mip) & MIP_MTIP) != 0, 1);
    MTIMECMP = TIMER_NEVER;
    check_eq("mip.MTIP with mtimecmp=max", (csr_read(mip) & MIP_MTIP) != 0, 0);
}

static void test_timer_interrupt(void)
{
    reset_record();
    csr_write(mie, MIP_MTIP);
    uint64_t start = MTIME;
    MTIMECMP = start + TIMER_DELAY_TICKS;
    /* Check and sleep with MIE = 0 (wfi still wakes on an interrupt enabled in
     * mie), then open MIE to take it: no interrupt can slip in between the
     * check and the wfi and leave the hart asleep for good. */
    for (unsigned polls = 0; interrupt_count == 0 && MTIME - start < TIMER_GIVE_UP_TICKS
                            && polls < TIMER_GIVE_UP_POLLS; polls++) {
        __asm__ volatile("wfi");
        csr_set(mstatus, MSTATUS_MIE);
        csr_clear(mstatus, MSTATUS_MIE);
    }
    csr_write(mie, 0);
    print_record("timer interrupt");
    check(interrupt_count == 1 && interrupt_causes[0] == (MCAUSE_INTERRUPT | IRQ_M_TIMER),
          "timer interrupt taken once");
    check(MTIME - start >= TIMER_DELAY_TICKS, "not before mtimecmp");
}

static void test_priority(void)
{
    /* Both pending before enabling: software (3) is taken before timer (7). */
    reset_record();
    csr_write(mie, MIP_MSIP | MIP_MTIP);
    MSIP = 1;
    MTIMECMP = 0;
    csr_set(mstatus, MSTATUS_MIE);
    __asm__ volatile("nop");
    csr_clear(mstatus, MSTATUS_MIE);
    csr_write(mie, 0);
    print_record("software + timer");
    check(interrupt_count == 2 && interrupt_causes[0] == (MCAUSE_INTERRUPT | IRQ_M_SOFTWARE)
          && interrupt_causes[1] == (MCAUSE_INTERRUPT | IRQ_M_TIMER), "priority MSI > MTI");
}

int main(void)
{
    printf("interrupts test\n");
    MTIMECMP = TIMER_NEVER;
    trap_set_handler(interrupt_handler);
    test_software_interrupt();
    test_timer_pending_without_enable();
    test_timer_interrupt();
    test_priority();
    trap_set_handler(0);
    return test_finish();
}
