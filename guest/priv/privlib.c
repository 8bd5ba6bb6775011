/* The C half of the privileged-test harness (see privlib.h): probe tables,
 * the M and S trap handlers, PMP and CLINT access, and the Sv39 identity map. */
#include <stdio.h>
#include "privlib.h"

#define DEFINE_PROBE(name_) const struct probe name_ = { #name_, name_##_s, name_##_u };
DEFINE_PROBE(probe_load)
DEFINE_PROBE(probe_load_word)
DEFINE_PROBE(probe_store)
DEFINE_PROBE(probe_fetch)
DEFINE_PROBE(probe_ecall)
DEFINE_PROBE(probe_ebreak)
DEFINE_PROBE(probe_lr)
DEFINE_PROBE(probe_amoadd)
DEFINE_PROBE(probe_illegal)
DEFINE_PROBE(probe_wfi)
DEFINE_PROBE(probe_mret)
DEFINE_PROBE(probe_sret)
DEFINE_PROBE(probe_sfence)
DEFINE_PROBE(probe_read_satp)
DEFINE_PROBE(probe_rewrite_satp)
DEFINE_PROBE(probe_raise_ssip)
DEFINE_PROBE(probe_sret_to_user)
DEFINE_PROBE(probe_read_sstatus)
DEFINE_PROBE(probe_spin)
DEFINE_PROBE(probe_sstatus_set_spin)
DEFINE_PROBE(probe_sret_to_self)

#define REG_RA 1
#define REG_A0 10
#define REG_A7 17
#define INSTRUCTION_BYTES 4     /* privlib_asm.S is built with norvc */
#define TRAP_STACK_SIZE 4096
#define ALL_COUNTERS (COUNTEREN_CY | COUNTEREN_TM | COUNTEREN_IR)
#define MTIMECMP_NEVER (~0ul)

void priv_m_trap_entry(void);
void priv_s_trap_entry(void);
void run_in_mode_return(void);
extern char upriv_start[], upriv_end[], priv_test_pages[], __heap_start[];

volatile struct trap_log trap_log;
static trap_hook_fn trap_hook;
static uint8_t m_trap_stack[TRAP_STACK_SIZE] __attribute__((aligned(16)));
static uint8_t s_trap_stack[TRAP_STACK_SIZE] __attribute__((aligned(16)));

static uint64_t root_table[SV39_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t ram_l1_table[SV39_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t image_l0_table[SV39_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
/* Tables used only by the alias mapping, so PMP can deny them alone. */
static uint64_t alias_l1_table[SV39_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t alias_l0_table[SV39_ENTRIES] __attribute__((aligned(PAGE_SIZE)));

void trap_log_clear(void)
{
    trap_log.count = 0;
    trap_log.cause = trap_log.epc = trap_log.tval = trap_log.status = 0;
    trap_log.handler_mode = trap_log.from_mode = -1;
    for (int i = 0; i < TRAP_HISTORY; i++)
        trap_log.history[i] = 0;
}

void priv_set_hook(trap_hook_fn hook)
{
    trap_hook = hook;
}

static void record(int handler, uint64_t cause, uint64_t epc, uint64_t tval, int from, uint64_t status)
{
    if (trap_log.count < TRAP_HISTORY)
        trap_log.history[trap_log.count] = cause;
    trap_log.count++;
    trap_log.cause = cause;
    trap_log.epc = epc;
    trap_log.tval = tval;
    trap_log.handler_mode = handler;
    trap_log.from_mode = from;
    trap_log.status = status;
}

static int is_fetch_fault(uint64_t cause)
{
    return cause == CAUSE_MISALIGNED_FETCH || cause == CAUSE_FETCH_ACCESS ||
           cause == CAUSE_FETCH_PAGE_FAULT;
}

static int is_return_ecall(uint64_t cause, const uint64_t *regs)
{
    return (cause == CAUSE_ECALL_U || cause == CAUSE_ECALL_S) && regs[REG_A7] == PRIV_RETURN_ECALL;
}

/* The delegated-ecall-from-S return path (see privlib.h). */
static volatile int msi_return_pending;
static volatile uint64_t msi_return_value;

void allow_return_from_delegated_s_ecall(int on)
{
    if (on)
        csr_set(mie, MIP_MSIP);
    else
        csr_clear(mie, MIP_MSIP);
}

/* Back to M at run_in_mode_return. MPRV is cleared too: the mret there sets
 * MPP=U, and QEMU 7.2 may have left MPRV set by the mret into S/U. */
static void return_to_run_in_mode(void)
{
    csr_clear(mstatus, MSTATUS_MPRV);
    csr_set(mstatus, MSTATUS_MPP_MASK);
    csr_write(mepc, (uint64_t)(uintptr_t)run_in_mode_return);
}

static void silence_m_interrupt(uint64_t irq)
{
    switch (irq) {
    case IRQ_M_SOFTWARE:  clint_set_msip(0); break;
    case IRQ_M_TIMER: clint_set_mtimecmp(MTIMECMP_NEVER); break;
    default:          csr_clear(mip, 1ul << irq); csr_clear(mie, 1ul << irq); break;
    }
}

void priv_m_trap(uint64_t *regs)
{
    uint64_t cause = csr_read(mcause), epc = csr_read(mepc), tval = csr_read(mtval);
    uint64_t status = csr_read(mstatus);
    if (is_return_ecall(cause, regs)) {
        /* End of run_in_mode: back to M with a0 = the probe's result. */
        return_to_run_in_mode();
        return;
    }
    if (cause == (MCAUSE_INTERRUPT | IRQ_M_SOFTWARE) && msi_return_pending) {
        clint_set_msip(0);
        msi_return_pending = 0;
        regs[REG_A0] = msi_return_value;
        return_to_run_in_mode();
        return;
    }
    record(PRIV_M, cause, epc, tval, (int)((status & MSTATUS_MPP_MASK) >> MSTATUS_MPP_SHIFT), status);
    if (trap_hook && trap_hook(PRIV_M, regs, cause))
        return;
    if (cause & MCAUSE_INTERRUPT)
        silence_m_interrupt(cause & ~MCAUSE_INTERRUPT);
    else if (is_fetch_fault(cause))
        csr_write(mepc, regs[REG_RA]);
    else
        csr_write(mepc, epc + INSTRUCTION_BYTES);
}

void priv_s_trap(uint64_t *regs)
{
    uint64_t cause = csr_read(scause), epc = csr_read(sepc), tval = csr_read(stval);
    uint64_t status = csr_read(sstatus);
    if (is_return_ecall(cause, regs) && cause == CAUSE_ECALL_S) {
        /* ecall from S is delegated too: reach M by an interrupt instead. */
        msi_return_value = regs[REG_A0];
        msi_return_pending = 1;
        clint_set_msip(1);
        for (;;)
            ;
    }
    if (is_return_ecall(cause, regs)) {
        /* A delegated return ecall from U: pass it on to M from S. */
        register uint64_t a0 __asm__("a0") = regs[REG_A0];
        register uint64_t a7 __asm__("a7") = PRIV_RETURN_ECALL;
        __asm__ volatile("ecall" :: "r"(a0), "r"(a7) : "memory");
        for (;;)
            ;
    }
    record(PRIV_S, cause, epc, tval, (status & SSTATUS_SPP) ? PRIV_S : PRIV_U, status);
    if (trap_hook && trap_hook(PRIV_S, regs, cause))
        return;
    if (cause & MCAUSE_INTERRUPT) {
        uint64_t bit = 1ul << (cause & ~MCAUSE_INTERRUPT);
        csr_clear(sip, bit & MIP_SSIP);   /* only SSIP is writable in sip */
        csr_clear(sie, bit);
    } else if (is_fetch_fault(cause)) {
        csr_write(sepc, regs[REG_RA]);
    } else {
        csr_write(sepc, epc + INSTRUCTION_BYTES);
    }
}

uint64_t run_probe(int mode, const struct probe *p, uint64_t a, uint64_t b)
{
    if (mode == PRIV_M)
        return p->s(a, b);
    return run_in_mode(mode, mode == PRIV_U ? p->u : p->s, a, b);
}

/* ---- CSR access by entry number (CSR numbers are immediates) ---------- */
#define PMPADDR_CASE(n) case n: __asm__ volatile("csrw pmpaddr" #n ", %0" :: "r"(value)); break;
#define PMPADDR_READ_CASE(n) case n: __asm__ volatile("csrr %0, pmpaddr" #n : "=r"(value)); break;

static void write_pmpaddr(int entry, uint64_t value)
{
    switch (entry) {
    PMPADDR_CASE(0) PMPADDR_CASE(1) PMPADDR_CASE(2) PMPADDR_CASE(3)
    PMPADDR_CASE(4) PMPADDR_CASE(5) PMPADDR_CASE(6) PMPADDR_CASE(7)
    PMPADDR_CASE(8) PMPADDR_CASE(9) PMPADDR_CASE(10) PMPADDR_CASE(11)
    PMPADDR_CASE(12) PMPADDR_CASE(13) PMPADDR_CASE(14) PMPADDR_CASE(15)
    }
}

uint64_t pmp_get_addr(int entry)
{
    uint64_t value = 0;
    switch (entry) {
    PMPADDR_READ_CASE(0) PMPADDR_READ_CASE(1) PMPADDR_READ_CASE(2) PMPADDR_READ_CASE(3)
    PMPADDR_READ_CASE(4) PMPADDR_READ_CASE(5) PMPADDR_READ_CASE(6) PMPADDR_READ_CASE(7)
    PMPADDR_READ_CASE(8) PMPADDR_READ_CASE(9) PMPADDR_READ_CASE(10) PMPADDR_READ_CASE(11)
    PMPADDR_READ_CASE(12) PMPADDR_READ_CASE(13) PMPADDR_READ_CASE(14) PMPADDR_READ_CASE(15)
    }
    return value;
}

#define PMP_ENTRIES_PER_CFG 8   /* RV64: pmpcfg0 and pmpcfg2 */
#define PMP_CFG_BITS 8

uint8_t pmp_get_cfg(int entry)
{
    uint64_t cfg = entry < PMP_ENTRIES_PER_CFG ? csr_read(pmpcfg0) : csr_read(pmpcfg2);
    return (uint8_t)(cfg >> (entry % PMP_ENTRIES_PER_CFG * PMP_CFG_BITS));
}

void pmp_set(int entry, uint64_t address, uint8_t cfg)
{
    write_pmpaddr(entry, address);
    unsigned shift = entry % PMP_ENTRIES_PER_CFG * PMP_CFG_BITS;
    uint64_t mask = 0xfful << shift, bits = (uint64_t)cfg << shift;
    if (entry < PMP_ENTRIES_PER_CFG) {
        csr_clear(pmpcfg0, mask);
        csr_set(pmpcfg0, bits);
    } else {
        csr_clear(pmpcfg2, mask);
        csr_set(pmpcfg2, bits);
    }
    /* The spec asks for this after PMP changes when paging may be cached. */
    __asm__ volatile("sfence.vma" ::: "memory");
}

/* ---- CLINT -------------------------------------------------------------- */
#define MMIO32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))
#define MMIO64(addr) (*(volatile uint64_t *)(uintptr_t)(addr))

void clint_set_msip(int on)
{
    MMIO32(VIRT_CLINT_BASE + CLINT_MSIP) = on ? 1 : 0;
}

uint64_t clint_mtime(void)
{
    return MMIO64(VIRT_CLINT_BASE + CLINT_MTIME);
}

void clint_set_mtimecmp(uint64_t value)
{
    MMIO64(VIRT_CLINT_BASE + CLINT_MTIMECMP) = value;
}

/* ---- Sv39 identity map -----------------------------------------------
 * root[0]: gigapage over the devices (S only, RW). root[2]: RAM through a
 * level-1 table of RWX megapages, except the first 2 MiB, which use 4 KiB
 * pages: the image is supervisor RWX, .text.upriv is user RX, each test page
 * has the permissions named in privlib_defs.h, and the last page is
 * NOWHERE_VA. */
static const uint64_t test_page_perms[PRIV_TEST_PAGES] = {
    [PAGE_U_RW] = PTE_U | PTE_R | PTE_W,
    [PAGE_U_X] = PTE_U | PTE_X,
    [PAGE_U_RX] = PTE_U | PTE_R | PTE_X,
    [PAGE_S_RW] = PTE_R | PTE_W,
    [PAGE_S_X] = PTE_X,
    [PAGE_S_RX] = PTE_R | PTE_X,
    [PAGE_U_R] = PTE_U | PTE_R,
    [PAGE_INVALID] = 0,
    [PAGE_U_RWX] = PTE_U | PTE_R | PTE_W | PTE_X,
    [PAGE_S_R] = PTE_R,
    [PAGE_S_RWX] = PTE_R | PTE_W | PTE_X,
};

static uint64_t leaf(uint64_t pa, uint64_t perms)
{
    uint64_t valid = perms ? PTE_V | PTE_A | ((perms & PTE_W) ? PTE_D : 0) : 0;
    return (pa >> PAGE_SHIFT) << PTE_PPN_SHIFT | perms | valid;
}

static uint64_t pointer_to(const void *table)
{
    return ((uint64_t)(uintptr_t)table >> PAGE_SHIFT) << PTE_PPN_SHIFT | PTE_V;
}

/* A user page at the end of the 4 KiB-mapped area, mapped to physical 0. */
#define NOWHERE_VA (VIRT_RAM_BASE + MEGAPAGE_SIZE - PAGE_SIZE)

uint64_t nowhere_address(int mode, enum paging paging)
{
    return mode == PRIV_U && paging == PAGING_SV39 ? NOWHERE_VA : 0;
}

uint64_t test_page(int index)
{
    return (uint64_t)(uintptr_t)priv_test_pages + (uint64_t)index * PAGE_SIZE;
}

static void build_tables(void)
{
    const uint64_t rwx = PTE_R | PTE_W | PTE_X;
    root_table[0] = leaf(0, rwx);
    root_table[VIRT_RAM_BASE / GIGAPAGE_SIZE] = pointer_to(ram_l1_table);
    ram_l1_table[0] = pointer_to(image_l0_table);
    for (unsigned i = 1; i < SV39_ENTRIES; i++)
        ram_l1_table[i] = leaf(VIRT_RAM_BASE + i * MEGAPAGE_SIZE, rwx);
    for (unsigned i = 0; i < SV39_ENTRIES; i++)
        image_l0_table[i] = leaf(VIRT_RAM_BASE + i * PAGE_SIZE, rwx);
    for (char *p = upriv_start; p < upriv_end; p += PAGE_SIZE)
        image_l0_table[((uint64_t)(uintptr_t)p - VIRT_RAM_BASE) / PAGE_SIZE] =
            leaf((uint64_t)(uintptr_t)p, PTE_U | PTE_R | PTE_X);
    for (int i = 0; i < PRIV_TEST_PAGES; i++)
        image_l0_table[(test_page(i) - VIRT_RAM_BASE) / PAGE_SIZE] = leaf(test_page(i), test_page_perms[i]);
    image_l0_table[(NOWHERE_VA - VIRT_RAM_BASE) / PAGE_SIZE] = leaf(0, PTE_U | rwx);
    root_table[ALIAS_VA / GIGAPAGE_SIZE] = pointer_to(alias_l1_table);
    alias_l1_table[0] = pointer_to(alias_l0_table);
    alias_l0_table[0] = leaf(test_page(PAGE_S_RWX), rwx);
    alias_l0_table[1] = leaf(test_page(PAGE_U_RWX), PTE_U | rwx);
    if (test_page(PRIV_TEST_PAGES) > NOWHERE_VA || (uint64_t)(uintptr_t)upriv_end > NOWHERE_VA ||
        (uint64_t)(uintptr_t)__heap_start > NOWHERE_VA) {
        printf("FAIL image larger than the 4 KiB-mapped first 2 MiB\n");
        machine_exit(1);
    }
}

uint64_t alias_address(int mode)
{
    return ALIAS_VA + (mode == PRIV_U ? PAGE_SIZE : 0);
}

uint64_t alias_leaf_table(void)
{
    return (uint64_t)(uintptr_t)alias_l0_table;
}

void set_paging(enum paging mode)
{
    uint64_t satp = mode == PAGING_SV39
        ? SATP_MODE_SV39 | (uint64_t)(uintptr_t)root_table >> PAGE_SHIFT : SATP_MODE_BARE;
    __asm__ volatile("csrw satp, %0\n\tsfence.vma" :: "r"(satp) : "memory");
}

const char *paging_name(enum paging mode)
{
    return mode == PAGING_SV39 ? "Sv39" : "Bare";
}

void priv_init(void)
{
    csr_write(mtvec, (uint64_t)(uintptr_t)priv_m_trap_entry);
    csr_write(stvec, (uint64_t)(uintptr_t)priv_s_trap_entry);
    csr_write(mscratch, (uint64_t)(uintptr_t)(m_trap_stack + TRAP_STACK_SIZE));
    csr_write(sscratch, (uint64_t)(uintptr_t)(s_trap_stack + TRAP_STACK_SIZE));
    csr_write(medeleg, 0);
    csr_write(mideleg, 0);
    csr_write(mie, 0);
    csr_write(mcounteren, ALL_COUNTERS);
    csr_write(scounteren, ALL_COUNTERS);
    clint_set_mtimecmp(MTIMECMP_NEVER);
    pmp_set(PMP_BACKGROUND_ENTRY, PMP_ADDR_ALL, PMP_A_NAPOT | PMP_R | PMP_W | PMP_X);
    build_tables();
    set_paging(PAGING_BARE);
    trap_log_clear();
}

/* ---- reporting -------------------------------------------------------- */
const char *mode_name(int mode)
{
    switch (mode) {
    case PRIV_U: return "U";
    case PRIV_S: return "S";
    case PRIV_M: return "M";
    default:    return "-";
    }
}

int pcheck(int ok, const char *what)
{
    printf("%s %s\n", ok ? "ok" : "FAIL", what);
    return check(ok, what);
}

static void print_trap_details(void)
{
    printf("  traps=%llu cause=0x%llx handler=%s from=%s\n", (unsigned long long)trap_log.count,
           (unsigned long long)trap_log.cause, mode_name(trap_log.handler_mode),
           mode_name(trap_log.from_mode));
}

int expect_trap(const char *what, uint64_t cause, int handler_mode)
{
    int ok = trap_log.count == 1 && trap_log.cause == cause && trap_log.handler_mode == handler_mode;
    if (!ok)
        print_trap_details();
    return pcheck(ok, what);
}

int expect_no_trap(const char *what)
{
    int ok = trap_log.count == 0;
    if (!ok)
        print_trap_details();
    return pcheck(ok, what);
}
