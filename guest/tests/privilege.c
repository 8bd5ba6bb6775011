/* Privilege modes without paging: U and S mode entered by mret, what each may
 * do, trap causes from each mode, mstatus trap bits (TVM, TSR), counter
 * enables, and delegation of exceptions to S mode. */
#include "lower_mode.h"

#define EXCEPTION_BIT(cause) (1ull << (cause))

static uint64_t add_one(uint64_t x) { return x + 1; }

static uint64_t do_ecall(uint64_t x) { __asm__ volatile("ecall"); return x; }
static uint64_t read_mstatus(uint64_t x) { (void)x; return csr_read(mstatus); }
static uint64_t read_sstatus(uint64_t x) { (void)x; return csr_read(sstatus); }
static uint64_t read_cycle(uint64_t x) { (void)x; return csr_read(cycle); }
static uint64_t do_mret(uint64_t x) { __asm__ volatile("mret"); return x; }
static uint64_t do_sret(uint64_t x) { __asm__ volatile("sret"); return x; }
static uint64_t do_sfence(uint64_t x) { __asm__ volatile("sfence.vma" ::: "memory"); return x; }
static uint64_t read_satp(uint64_t x) { (void)x; return csr_read(satp); }
static uint64_t do_illegal(uint64_t x) { __asm__ volatile(".insn 4, 0xc0001073"); return x; }
static uint64_t write_stvec(uint64_t x) { csr_write(stvec, x); return csr_read(stvec); }

static void expect_trap(const char *label, uint64_t cause, uint64_t mode)
{
    check(caught.count == 1 && caught.cause == cause && trap_from_mode == mode, label);
}

static void expect_illegal(const char *label, uint64_t mode)
{
    uint32_t bits = caught.count ? *(volatile uint32_t *)(uintptr_t)caught.epc : 0;
    check(caught.count == 1 && caught.cause == CAUSE_ILLEGAL_INSN && trap_from_mode == mode
          && caught.tval == bits, label);
}

static void test_basic_modes(void)
{
    check_eq("U: add_one(41)", run_lower("add_one", PRIV_U, add_one, 41), 42);
    check_eq("  traps", caught.count, 0);
    check_eq("S: add_one(41)", run_lower("add_one", PRIV_S, add_one, 41), 42);
    check_eq("  traps", caught.count, 0);

    run_lower("ecall", PRIV_U, do_ecall, 0);
    expect_trap("ecall from U is cause 8", CAUSE_ECALL_U, PRIV_U);
    run_lower("ecall", PRIV_S, do_ecall, 0);
    expect_trap("ecall from S is cause 9", CAUSE_ECALL_S, PRIV_S);

    run_lower("csrr mstatus", PRIV_U, read_mstatus, 0);
    expect_illegal("U reads mstatus", PRIV_U);
    run_lower("csrr mstatus", PRIV_S, read_mstatus, 0);
    expect_illegal("S reads mstatus", PRIV_S);
    run_lower("csrr sstatus", PRIV_S, read_sstatus, 0);
    check_eq("S reads sstatus: traps", caught.count, 0);
    run_lower("csrr sstatus", PRIV_U, read_sstatus, 0);
    expect_illegal("U reads sstatus", PRIV_U);

    run_lower("mret", PRIV_U, do_mret, 0);
    expect_illegal("mret in U", PRIV_U);
    run_lower("mret", PRIV_S, do_mret, 0);
    expect_illegal("mret in S", PRIV_S);
    run_lower("sret", PRIV_U, do_sret, 0);
    expect_illegal("sret in U", PRIV_U);
    run_lower("sfence.vma", PRIV_U, do_sfence, 0);
    expect_illegal("sfence.vma in U", PRIV_U);
    run_lower("sfence.vma", PRIV_S, do_sfence, 0);
    check_eq("sfence.vma in S: traps", caught.count, 0);
}

static void test_trap_virtualization(void)
{
    csr_set(mstatus, MSTATUS_TVM);
    run_lower("csrr satp with TVM", PRIV_S, read_satp, 0);
    expect_illegal("satp with TVM=1", PRIV_S);
    run_lower("sfence.vma with TVM", PRIV_S, do_sfence, 0);
    expect_illegal("sfence.vma with TVM=1", PRIV_S);
    csr_clear(mstatus, MSTATUS_TVM);
    run_lower("csrr satp", PRIV_S, read_satp, 0);
    check_eq("satp with TVM=0: traps", caught.count, 0);

    csr_set(mstatus, MSTATUS_TSR);
    run_lower("sret with TSR", PRIV_S, do_sret, 0);
    expect_illegal("sret with TSR=1", PRIV_S);
    csr_clear(mstatus, MSTATUS_TSR);
}

static void test_counter_enables(void)
{
    csr_write(mcounteren, 0);
    csr_write(scounteren, 0);
    run_lower("rdcycle, mcounteren=0", PRIV_S, read_cycle, 0);
    expect_illegal("S rdcycle with mcounteren.CY=0", PRIV_S);
    run_lower("rdcycle, mcounteren=0", PRIV_U, read_cycle, 0);
    expect_illegal("U rdcycle with mcounteren.CY=0", PRIV_U);

    csr_write(mcounteren, COUNTEREN_CY);
    run_lower("rdcycle, mcounteren.CY=1", PRIV_S, read_cycle, 0);
    check_eq("S rdcycle with mcounteren.CY=1: traps", caught.count, 0);
    run_lower("rdcycle, scounteren=0", PRIV_U, read_cycle, 0);
    expect_illegal("U rdcycle with scounteren.CY=0", PRIV_U);

    csr_write(scounteren, COUNTEREN_CY);
    run_lower("rdcycle, both enabled", PRIV_U, read_cycle, 0);
    check_eq("U rdcycle with both enabled: traps", caught.count, 0);
    csr_write(mcounteren, 0);
    csr_write(scounteren, 0);
}

static void test_delegation(void)
{
    csr_write(stvec, (uintptr_t)s_mode_trap_entry);
    csr_write(medeleg, EXCEPTION_BIT(CAUSE_ILLEGAL_INSN));
    s_trap_record.count = 0;

    run_lower("delegated illegal", PRIV_S, do_illegal, 0);
    printf("  S handler: count=%llu scause=%llu stval=0x%llx SPP=%d\n",
           (unsigned long long)s_trap_record.count, (unsigned long long)s_trap_record.cause,
           (unsigned long long)s_trap_record.tval, (s_trap_record.status & SSTATUS_SPP) != 0);
    check(caught.count == 0 && s_trap_record.count == 1 && s_trap_record.cause == CAUSE_ILLEGAL_INSN
          && s_trap_record.tval == 0xc0001073 && (s_trap_record.status & SSTATUS_SPP),
          "illegal in S goes to the S handler");

    run_lower("delegated illegal", PRIV_U, do_illegal, 0);
    printf("  S handler: count=%llu scause=%llu stval=0x%llx SPP=%d\n",
           (unsigned long long)s_trap_record.count, (unsigned long long)s_trap_record.cause,
           (unsigned long long)s_trap_record.tval, (s_trap_record.status & SSTATUS_SPP) != 0);
    check(caught.count == 0 && s_trap_record.count == 2 && !(s_trap_record.status & SSTATUS_SPP),
          "illegal in U goes to the S handler");

    /* Delegation never moves a trap to a lower privilege: M keeps its own. */
    trap_record_clear();
    __asm__ volatile(".insn 4, 0xc0001073");
    printf("illegal in M with medeleg set: M traps=%llu S traps=%llu\n",
           (unsigned long long)caught.count, (unsigned long long)s_trap_record.count);
    check(caught.count == 1 && s_trap_record.count == 2, "illegal in M stays in M");

    /* stvec written from S mode. */
    check_eq("S writes stvec", run_lower("write stvec", PRIV_S, write_stvec, 0x80001000ull),
             0x80001000ull);
    csr_write(medeleg, 0);
    csr_write(stvec, 0);
}

static void test_mret_state(void)
{
    /* mret: MIE <- MPIE, MPIE <- 1, MPP <- U (the least privileged mode). */
    csr_clear(mstatus, MSTATUS_MIE | MSTATUS_MPIE);
    csr_set(mstatus, MSTATUS_MPP_MASK);
    __asm__ volatile("lla t0, 1f\n csrw mepc, t0\n mret\n 1:" ::: "t0", "memory");
    uint64_t status = csr_read(mstatus);
    printf("after mret: MIE=%d MPIE=%d MPP=%llu\n", (status & MSTATUS_MIE) != 0,
           (status & MSTATUS_MPIE) != 0,
           (unsigned long long)((status & MSTATUS_MPP_MASK) >> MSTATUS_MPP_SHIFT));
    check(!(status & MSTATUS_MIE) && (status & MSTATUS_MPIE)
          && (status & MSTATUS_MPP_MASK) == 0, "mret updates mstatus");
}

int main(void)
{
    printf("privilege test\n");
    lower_mode_setup();
    test_basic_modes();
    test_trap_virtualization();
    test_counter_enables();
    test_delegation();
    test_mret_state();
    trap_set_handler(0);
    return test_finish();
}
