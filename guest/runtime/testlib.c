#include "testlib.h"

#define EXIT_CODE_LIMIT 255

static unsigned checks_run;
static unsigned first_failure;

int check(int ok, const char *what)
{
    checks_run++;
    if (!ok) {
        printf("FAIL check %u: %s\n", checks_run, what);
        if (!first_failure)
            first_failure = checks_run;
    }
    return ok;
}

int check_eq(const char *name, uint64_t got, uint64_t expected)
{
    printf("%s = 0x%llx\n", name, (unsigned long long)got);
    if (got != expected)
        printf("  expected 0x%llx\n", (unsigned long long)expected);
    return check(got == expected, name);
}

int test_finish(void)
{
    if (!first_failure) {
        printf("PASS: %u checks\n", checks_run);
        return 0;
    }
    printf("FAILED: first failing check %u of %u\n", first_failure, checks_run);
    /* Exit codes wrap, but never to 0. */
    return (int)((first_failure - 1) % EXIT_CODE_LIMIT + 1);
}

/* QEMU's marchid is (major << 16) | (minor << 8) | micro. */
#define QEMU_7_2_MARCHID_MAJOR_MINOR 0x0702
#define QEMU_MARCHID_MICRO_BITS 8

int running_on_qemu_7_2(void)
{
    return csr_read(marchid) >> QEMU_MARCHID_MICRO_BITS == QEMU_7_2_MARCHID_MAJOR_MINOR;
}

volatile struct trap_record caught;

static int is_fetch_fault(uint64_t cause)
{
    return cause == CAUSE_MISALIGNED_FETCH || cause == CAUSE_FETCH_ACCESS
        || cause == CAUSE_FETCH_PAGE_FAULT;
}

/* epc is a virtual address of the mode that trapped (MPP): read it through that
 * mode's translation with MPRV, and MXR so execute-only code pages are readable.
 * A plain M-mode load would treat it as physical. */
static uint16_t read_code_parcel(uint64_t epc)
{
    uint64_t saved = csr_read(mstatus);
    csr_set(mstatus, MSTATUS_MPRV | MSTATUS_MXR);
    uint16_t parcel = *(volatile uint16_t *)(uintptr_t)epc;
    csr_write(mstatus, saved);
    return parcel;
}

int trap_record_and_skip(struct trap_frame *frame, uint64_t cause, uint64_t epc, uint64_t tval)
{
    if (cause & MCAUSE_INTERRUPT)
        return 0;
    caught.count++;
    caught.cause = cause;
    caught.epc = epc;
    caught.tval = tval;
    if (is_fetch_fault(cause)) {
        /* The faulting pc is not code: return to the caller of the bad jump. */
        csr_write(mepc, frame->x[1]);
    } else {
        uint16_t low_half = read_code_parcel(epc);
        unsigned length = (low_half & 3) == 3 ? 4 : 2;
        csr_write(mepc, epc + length);
    }
    return 1;
}

void trap_record_clear(void)
{
    caught.count = 0;
    caught.cause = 0;
    caught.epc = 0;
    caught.tval = 0;
}

void trap_catch_begin(void)
{
    trap_record_clear();
    trap_set_handler(trap_record_and_skip);
}

void trap_catch_end(void)
{
    trap_set_handler(0);
}
