/* mret/sret and the mstatus trap bits: how xRET updates xIE/xPIE/xPP and
 * MPRV, sret trapping under TSR, wfi under TW, satp and sfence.vma under TVM,
 * and the return instructions being illegal in less privileged modes. */
#include <stdio.h>
#include "privlib.h"

#define PASSES 2
#define SPIN 16

static char label[128];
static const char *name(int pass, enum paging paging, const char *what)
{
    snprintf(label, sizeof label, "pass %d %s: %s", pass + 1, paging_name(paging), what);
    return label;
}

/* mret from M to the next instruction with mstatus changed first; returns
 * mstatus right after the mret. MPRV is cleared before any memory access. */
static uint64_t mret_to_self(uint64_t set, uint64_t clear)
{
    uint64_t after;
    __asm__ volatile(
        "csrc mstatus, %2\n\t"
        "csrs mstatus, %1\n\t"
        "la t0, 1f\n\t"
        "csrw mepc, t0\n\t"
        "mret\n"
        "1:\tcsrr %0, mstatus\n\t"
        "csrc mstatus, %3"
        : "=&r"(after) : "r"(set), "r"(clear), "r"(MSTATUS_MPRV) : "t0", "memory");
    return after;
}

static void test_mret_in_m(int pass)
{
    uint64_t all = MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP_MASK | MSTATUS_MPRV;
    uint64_t s = mret_to_self(MSTATUS_MPP_M | MSTATUS_MIE | MSTATUS_MPRV, all);
    pcheck(!(s & MSTATUS_MIE) && (s & MSTATUS_MPIE) && (s & MSTATUS_MPP_MASK) == MSTATUS_MPP_U,
           name(pass, PAGING_BARE, "mret to M: MIE=MPIE (0), MPIE=1, MPP=U"));
    pcheck((s & MSTATUS_MPRV) != 0, name(pass, PAGING_BARE, "mret to M keeps MPRV"));
    s = mret_to_self(MSTATUS_MPP_M | MSTATUS_MPIE, all);
    pcheck((s & MSTATUS_MIE) && (s & MSTATUS_MPIE), name(pass, PAGING_BARE, "mret to M: MIE=MPIE (1)"));
    csr_clear(mstatus, MSTATUS_MIE);
}

/* mret into S/U: privilege, MIE from MPIE, MPRV cleared. The ecall probe
 * traps back to M, whose mstatus shows what the mret did. */
static void test_mret_to_lower(int pass, enum paging paging)
{
    static const int modes[] = { PRIV_S, PRIV_U };
    for (int m = 0; m < 2; m++) {
        int mode = modes[m];
        for (int mpie = 0; mpie < 2; mpie++) {
            char what[96];
            trap_log_clear();
            csr_clear(mstatus, MSTATUS_MPIE | MSTATUS_MIE);
            /* MPP=M first: M's own accesses stay untranslated until the mret.
             * MPRV only under Bare: were it left set (QEMU 7.2), the M trap
             * handler would run its accesses through Sv39 as U. */
            uint64_t mprv = paging == PAGING_BARE ? MSTATUS_MPRV : 0;
            csr_set(mstatus, MSTATUS_MPP_M);
            csr_set(mstatus, (mpie ? MSTATUS_MPIE : 0) | mprv);
            run_probe(mode, &probe_ecall, 0, 0);
            csr_clear(mstatus, MSTATUS_MIE | MSTATUS_MPRV);
            uint64_t s = trap_log.status;
            snprintf(what, sizeof what, "mret to %s with MPIE=%d: ecall from %s, MPIE=%d, MPRV=0",
                     mode_name(mode), mpie, mode_name(mode), mpie);
            /* QEMU 7.2 leaves MPRV set (README): accepted there only. */
            int ok = trap_log.count == 1 && trap_log.from_mode == mode &&
                     !!(s & MSTATUS_MPIE) == mpie && (!(s & MSTATUS_MPRV) || running_on_qemu_7_2());
            if (!ok)
                printf("  traps=%llu from=%s mstatus=0x%llx\n", (unsigned long long)trap_log.count,
                       mode_name(trap_log.from_mode), (unsigned long long)s);
            pcheck(ok, name(pass, paging, what));
        }
    }
}

static void test_sret(int pass, enum paging paging)
{
    uint64_t all = SSTATUS_SIE | SSTATUS_SPIE | SSTATUS_SPP;
    trap_log_clear();
    uint64_t s = run_probe(PRIV_S, &probe_sret_to_self, SSTATUS_SPP | SSTATUS_SIE, all);
    pcheck(trap_log.count == 0 && !(s & SSTATUS_SIE) && (s & SSTATUS_SPIE) && !(s & SSTATUS_SPP),
           name(pass, paging, "sret to S: SIE=SPIE (0), SPIE=1, SPP=U"));
    s = run_probe(PRIV_S, &probe_sret_to_self, SSTATUS_SPP | SSTATUS_SPIE, all);
    pcheck(trap_log.count == 0 && (s & SSTATUS_SIE) && (s & SSTATUS_SPIE),
           name(pass, paging, "sret to S: SIE=SPIE (1)"));

    /* sret with SPP=U lands in U: the ecall there says so. Bare only: the U
     * code then returns into supervisor pages, which Sv39 would not let it run. */
    if (paging == PAGING_BARE) {
        trap_log_clear();
        run_probe(PRIV_S, &probe_sret_to_user, (uint64_t)(uintptr_t)probe_ecall_u, 0);
        pcheck(trap_log.count == 1 && trap_log.cause == CAUSE_ECALL_U && trap_log.from_mode == PRIV_U,
               name(pass, paging, "sret with SPP=U enters U"));
    }

    csr_set(mstatus, MSTATUS_TSR);
    trap_log_clear();
    run_probe(PRIV_S, &probe_sret, 0, 0);
    expect_trap(name(pass, paging, "TSR=1: sret in S is illegal"), CAUSE_ILLEGAL_INSN, PRIV_M);
    csr_clear(mstatus, MSTATUS_TSR);
    trap_log_clear();
    run_probe(PRIV_S, &probe_sret_to_self, SSTATUS_SPP, SSTATUS_SIE | SSTATUS_SPIE);
    expect_no_trap(name(pass, paging, "TSR=0: sret in S is allowed"));
}

static void test_illegal_returns(int pass, enum paging paging)
{
    trap_log_clear();
    run_probe(PRIV_U, &probe_mret, 0, 0);
    expect_trap(name(pass, paging, "mret in U is illegal"), CAUSE_ILLEGAL_INSN, PRIV_M);
    trap_log_clear();
    run_probe(PRIV_S, &probe_mret, 0, 0);
    expect_trap(name(pass, paging, "mret in S is illegal"), CAUSE_ILLEGAL_INSN, PRIV_M);
    trap_log_clear();
    run_probe(PRIV_U, &probe_sret, 0, 0);
    expect_trap(name(pass, paging, "sret in U is illegal"), CAUSE_ILLEGAL_INSN, PRIV_M);
}

/* wfi: TW=1 makes it illegal in S and U; TW=0 lets S wait. A delegated SSI
 * pending with SIE=0 keeps the wait short without being taken. */
static void test_wfi(int pass, enum paging paging)
{
    csr_write(mideleg, MIP_SSIP);
    csr_set(mie, MIP_SSIP);
    csr_set(mip, MIP_SSIP);
    csr_set(mstatus, MSTATUS_TW);
    trap_log_clear();
    run_probe(PRIV_S, &probe_wfi, 0, 0);
    expect_trap(name(pass, paging, "TW=1: wfi in S is illegal"), CAUSE_ILLEGAL_INSN, PRIV_M);
    csr_clear(mie, MIP_SSIP);   /* U would take the delegated SSI */
    trap_log_clear();
    run_probe(PRIV_U, &probe_wfi, 0, 0);
    expect_trap(name(pass, paging, "TW=1: wfi in U is illegal"), CAUSE_ILLEGAL_INSN, PRIV_M);
    csr_set(mie, MIP_SSIP);
    trap_log_clear();
    __asm__ volatile("wfi");
    expect_no_trap(name(pass, paging, "TW=1: wfi in M is allowed"));
    csr_clear(mstatus, MSTATUS_TW);
    trap_log_clear();
    run_probe(PRIV_S, &probe_wfi, 0, 0);
    expect_no_trap(name(pass, paging, "TW=0: wfi in S returns (interrupt pending, SIE=0)"));
    csr_clear(mip, MIP_SSIP);
    csr_clear(mie, MIP_SSIP);
    csr_write(mideleg, 0);
}

static void test_tvm(int pass, enum paging paging)
{
    static const struct probe *const probes[] = { &probe_read_satp, &probe_rewrite_satp, &probe_sfence };
    static const char *const names[] = { "csrr satp", "csrw satp", "sfence.vma" };
    char what[96];
    for (int tvm = 0; tvm < 2; tvm++) {
        if (tvm)
            csr_set(mstatus, MSTATUS_TVM);
        for (int i = 0; i < 3; i++) {
            trap_log_clear();
            uint64_t satp = csr_read(satp);
            run_probe(PRIV_S, probes[i], satp, 0);
            snprintf(what, sizeof what, "TVM=%d: %s in S %s", tvm, names[i], tvm ? "is illegal" : "is allowed");
            if (tvm)
                expect_trap(name(pass, paging, what), CAUSE_ILLEGAL_INSN, PRIV_M);
            else
                expect_no_trap(name(pass, paging, what));
            trap_log_clear();
            run_probe(PRIV_M, probes[i], satp, 0);
            snprintf(what, sizeof what, "TVM=%d: %s in M is allowed", tvm, names[i]);
            expect_no_trap(name(pass, paging, what));
            trap_log_clear();
            run_probe(PRIV_U, probes[i], satp, 0);
            snprintf(what, sizeof what, "TVM=%d: %s in U is illegal", tvm, names[i]);
            expect_trap(name(pass, paging, what), CAUSE_ILLEGAL_INSN, PRIV_M);
        }
        csr_clear(mstatus, MSTATUS_TVM);
    }
    /* satp read in S shows the current translation. */
    uint64_t satp = run_probe(PRIV_S, &probe_read_satp, 0, 0);
    pcheck(satp == csr_read(satp), name(pass, paging, "S reads the satp M wrote"));
}

int main(void)
{
    priv_init();
    for (int pass = 0; pass < PASSES; pass++) {
        test_mret_in_m(pass);
        for (int paging = 0; paging < PAGING_MODES; paging++) {
            set_paging(paging);
            test_mret_to_lower(pass, paging);
            test_sret(pass, paging);
            test_illegal_returns(pass, paging);
            test_wfi(pass, paging);
            test_tvm(pass, paging);
        }
        set_paging(PAGING_BARE);
    }
    return test_finish();
}
