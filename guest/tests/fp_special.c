/* FP state rules: loads/stores, NaN-boxing, reserved rounding modes,
 * mstatus.FS (Off traps, writes make it Dirty) and sticky fflags. */
#include <string.h>
#include "testlib.h"

#define CANONICAL_NAN_S 0x7fc00000u
#define CANONICAL_NAN_D 0x7ff8000000000000ull
#define ONE_S 0x3f800000u
#define ONE_D 0x3ff0000000000000ull
#define SNAN_D 0x7ff4000000000001ull
#define BOXED(bits32) (0xffffffff00000000ull | (bits32))

static uint8_t memory[32] __attribute__((aligned(16)));

static void test_loads_stores(void)
{
    uint64_t v;
    /* flw NaN-boxes; fsw stores exactly 4 bytes. */
    memset(memory, 0xaa, sizeof memory);
    uint32_t one = ONE_S;
    memcpy(memory, &one, 4);
    __asm__ volatile("flw ft0, 0(%1)\n fmv.x.d %0, ft0" : "=r"(v) : "r"(memory) : "ft0", "memory");
    check_eq("flw boxes", v, BOXED(ONE_S));
    __asm__ volatile("fmv.d.x ft0, %1\n fsw ft0, 8(%0)" :: "r"(memory), "r"(0x1122334455667788ull)
                     : "ft0", "memory");
    uint64_t stored;
    memcpy(&stored, memory + 8, 8);
    check_eq("fsw of an unboxed value stores the low word", stored, 0xaaaaaaaa55667788ull);

    /* fld/fsd move sNaN bits untouched (no canonicalisation). */
    uint64_t snan = SNAN_D;
    memcpy(memory + 16, &snan, 8);
    __asm__ volatile("fld ft0, 16(%1)\n fsd ft0, 0(%1)\n fmv.x.d %0, ft0" : "=r"(v) : "r"(memory)
                     : "ft0", "memory");
    check_eq("fld/fmv.x.d keeps sNaN", v, SNAN_D);
    memcpy(&stored, memory, 8);
    check_eq("fsd keeps sNaN", stored, SNAN_D);
    check_eq("fflags after moves", csr_read(fflags), 0);

    /* Misaligned FP loads and stores are performed. */
    for (unsigned offset = 1; offset < 8; offset += 3) {
        memset(memory, 0, sizeof memory);
        __asm__ volatile("fmv.d.x ft0, %1\n fsd ft0, 0(%0)"
                         :: "r"(memory + offset), "r"(0x0123456789abcdefull) : "ft0", "memory");
        __asm__ volatile("fld ft1, 0(%1)\n fmv.x.d %0, ft1" : "=r"(v) : "r"(memory + offset) : "ft1", "memory");
        printf("misaligned fsd/fld +%u = %llx\n", offset, (unsigned long long)v);
        check(v == 0x0123456789abcdefull && memory[offset] == 0xef && memory[offset + 7] == 0x01,
              "misaligned fsd/fld");
        __asm__ volatile("flw ft1, 0(%1)\n fmv.x.d %0, ft1" : "=r"(v) : "r"(memory + offset) : "ft1", "memory");
        check_eq("misaligned flw", v, BOXED(0x89abcdefu));
    }
}

/* Puts the raw 64-bit pattern in ft0, runs `body` (result in %0). */
#define WITH_FT0(body, input) ({ uint64_t r_; \
    __asm__ volatile("fmv.d.x ft0, %1\n " body "\n" : "=r"(r_) : "r"(input) : "ft0", "ft1"); r_; })

static void test_nan_boxing(void)
{
    /* 1.0f with the upper half not all ones must read as the canonical NaN. */
    const uint64_t unboxed_one = ONE_S;
    const uint64_t partly_boxed_one = 0xfffffffe00000000ull | ONE_S;
    const uint64_t inputs[2] = { unboxed_one, partly_boxed_one };
    for (unsigned i = 0; i < 2; i++) {
        uint64_t input = inputs[i];
        printf("improperly boxed input %llx:\n", (unsigned long long)input);
        csr_write(fflags, 0);
        check_eq("  fadd.s x+x", WITH_FT0("fadd.s ft1, ft0, ft0\n fmv.x.d %0, ft1", input),
                 BOXED(CANONICAL_NAN_S));
        check_eq("  fsgnj.s x,x", WITH_FT0("fsgnj.s ft1, ft0, ft0\n fmv.x.d %0, ft1", input),
                 BOXED(CANONICAL_NAN_S));
        check_eq("  fsgnjn.s x,x", WITH_FT0("fsgnjn.s ft1, ft0, ft0\n fmv.x.d %0, ft1", input),
                 BOXED(CANONICAL_NAN_S | 0x80000000u));
        check_eq("  fclass.s", WITH_FT0("fclass.s %0, ft0", input), 1 << 9);
        check_eq("  fcvt.d.s", WITH_FT0("fcvt.d.s ft1, ft0\n fmv.x.d %0, ft1", input), CANONICAL_NAN_D);
        check_eq("  feq.s x,x", WITH_FT0("feq.s %0, ft0, ft0", input), 0);
        check_eq("  fmv.x.w ignores boxing", WITH_FT0("fmv.x.w %0, ft0", input), ONE_S);
        check_eq("  flags (quiet NaN input)", csr_read(fflags), 0);
    }
    /* A properly boxed value works. */
    check_eq("boxed 1.0f + 1.0f", WITH_FT0("fadd.s ft1, ft0, ft0\n fmv.x.d %0, ft1", BOXED(ONE_S)),
             BOXED(0x40000000u));
}

/* OP-FP encoding: funct7 | rs2 | rs1 | rm | rd | opcode. */
#define OP_FP 0x53u
#define FADD_D_FUNCT7 0x01u
#define FADD_S_FUNCT7 0x00u
#define FSGNJ_D_FUNCT7 0x11u
#define FMIN_D_FUNCT7 0x15u
#define FP_INSN(funct7, rs2, rs1, rm, rd) \
    ((funct7) << 25 | (rs2) << 20 | (rs1) << 15 | (rm) << 12 | (rd) << 7 | OP_FP)

static void report_illegal(const char *label)
{
    printf("%s: traps=%llu cause=%llu tval=0x%llx\n", label, (unsigned long long)caught.count,
           (unsigned long long)caught.cause, (unsigned long long)caught.tval);
}

static void test_reserved_rounding_modes(void)
{
    trap_catch_begin();
    __asm__ volatile(".insn 4, %0" :: "i"(FP_INSN(FADD_D_FUNCT7, 2, 1, 5, 0)) : "ft0");
    report_illegal("fadd.d rm=5");
    check(caught.count == 1 && caught.cause == CAUSE_ILLEGAL_INSN
          && caught.tval == FP_INSN(FADD_D_FUNCT7, 2, 1, 5, 0), "fadd.d rm=5 illegal");

    trap_catch_begin();
    __asm__ volatile(".insn 4, %0" :: "i"(FP_INSN(FADD_S_FUNCT7, 2, 1, 6, 0)) : "ft0");
    report_illegal("fadd.s rm=6");
    check(caught.count == 1 && caught.cause == CAUSE_ILLEGAL_INSN
          && caught.tval == FP_INSN(FADD_S_FUNCT7, 2, 1, 6, 0), "fadd.s rm=6 illegal");

    /* funct3 selects the operation in fsgnj (0..2) and fmin/fmax (0..1). */
    trap_catch_begin();
    __asm__ volatile(".insn 4, %0" :: "i"(FP_INSN(FSGNJ_D_FUNCT7, 2, 1, 3, 0)) : "ft0");
    report_illegal("fsgnj.d funct3=3");
    check(caught.count == 1 && caught.cause == CAUSE_ILLEGAL_INSN, "fsgnj.d funct3=3 illegal");
    trap_catch_begin();
    __asm__ volatile(".insn 4, %0" :: "i"(FP_INSN(FMIN_D_FUNCT7, 2, 1, 2, 0)) : "ft0");
    report_illegal("fmin.d funct3=2");
    check(caught.count == 1 && caught.cause == CAUSE_ILLEGAL_INSN, "fmin.d funct3=2 illegal");

    for (unsigned frm = 5; frm <= 7; frm++) {
        csr_write(frm, frm);
        trap_catch_begin();
        __asm__ volatile("fadd.d ft0, ft1, ft2, dyn" ::: "ft0");
        trap_catch_end();
        csr_write(frm, 0);
        printf("frm=%u, fadd.d dyn: traps=%llu cause=%llu\n", frm, (unsigned long long)caught.count,
               (unsigned long long)caught.cause);
        check(caught.count == 1 && caught.cause == CAUSE_ILLEGAL_INSN, "reserved frm with dyn");
    }
    /* A reserved frm does not matter to instructions without rounding. */
    csr_write(frm, 5);
    trap_catch_begin();
    __asm__ volatile("fsgnj.d ft0, ft1, ft2\n fmin.d ft0, ft1, ft2\n fle.d t0, ft1, ft2" ::: "ft0", "t0");
    trap_catch_end();
    csr_write(frm, 0);
    check_eq("frm=5: fsgnj/fmin/fle traps", caught.count, 0);
}

static uint64_t mstatus_fs(void)
{
    return (csr_read(mstatus) & MSTATUS_FS_MASK) >> MSTATUS_FS_SHIFT;
}

#define FS_OFF_CASES 7

static void test_fs_off(void)
{
    static const char *const labels[FS_OFF_CASES] = {
        "fadd.d", "flw", "fsd", "fmv.x.d", "fmv.d.x", "csrr fcsr", "csrw fflags",
    };
    struct trap_record seen[FS_OFF_CASES];
    uint64_t scratch = 0;

    /* Nothing here may use FP until FS is back on: results are printed after. */
    csr_clear(mstatus, MSTATUS_FS_MASK);
    uint64_t fs_while_off = mstatus_fs();
    uint64_t sd_while_off = csr_read(mstatus) >> 63;
    for (unsigned i = 0; i < FS_OFF_CASES; i++) {
        trap_catch_begin();
        switch (i) {
        case 0: __asm__ volatile("fadd.d ft0, ft1, ft2" ::: "ft0"); break;
        case 1: __asm__ volatile("flw ft0, 0(%0)" :: "r"(memory) : "ft0"); break;
        case 2: __asm__ volatile("fsd ft0, 0(%0)" :: "r"(memory) : "memory"); break;
        case 3: __asm__ volatile("fmv.x.d %0, ft0" : "=r"(scratch)); break;
        case 4: __asm__ volatile("fmv.d.x ft0, %0" :: "r"(scratch) : "ft0"); break;
        case 5: __asm__ volatile("csrr %0, fcsr" : "=r"(scratch)); break;
        default: __asm__ volatile("csrw fflags, %0" :: "r"(scratch)); break;
        }
        seen[i].count = caught.count;
        seen[i].cause = caught.cause;
        seen[i].tval = caught.tval;
        seen[i].epc = caught.epc;
    }
    trap_catch_end();
    csr_set(mstatus, MSTATUS_FS_INITIAL);

    check_eq("FS after clearing", fs_while_off, 0);
    check_eq("SD with FS off", sd_while_off, 0);
    for (unsigned i = 0; i < FS_OFF_CASES; i++) {
        uint32_t bits = *(volatile uint32_t *)(uintptr_t)seen[i].epc;
        printf("FS=Off %s: traps=%llu cause=%llu tval=0x%llx\n", labels[i],
               (unsigned long long)seen[i].count, (unsigned long long)seen[i].cause,
               (unsigned long long)seen[i].tval);
        check(seen[i].count == 1 && seen[i].cause == CAUSE_ILLEGAL_INSN && seen[i].tval == bits,
              labels[i]);
    }
}

static void test_fs_dirty(void)
{
    /* From Initial, any change to FP state must make FS Dirty and set SD. */
    csr_clear(mstatus, MSTATUS_FS_MASK);
    csr_set(mstatus, MSTATUS_FS_INITIAL);
    check_eq("FS initial", mstatus_fs(), 1);
    __asm__ volatile("fmv.d.x ft0, zero" ::: "ft0");
    check_eq("FS after fmv.d.x", mstatus_fs(), 3);
    check_eq("SD after fmv.d.x", csr_read(mstatus) >> 63, 1);

    csr_clear(mstatus, MSTATUS_FS_MASK);
    csr_set(mstatus, MSTATUS_FS_CLEAN);
    csr_write(fflags, 1);
    check_eq("FS after csrw fflags from Clean", mstatus_fs(), 3);
    csr_write(fflags, 0);
}

static void test_sticky_flags(void)
{
    uint64_t flags;
    __asm__ volatile("fsflags x0\n"
                     "fmv.d.x ft0, %1\n fmv.d.x ft1, zero\n"
                     "fdiv.d ft2, ft0, ft1\n"          /* DZ */
                     "fdiv.d ft2, ft1, ft1\n"          /* NV */
                     "fmv.d.x ft3, %2\n"
                     "fadd.d ft2, ft0, ft3\n"           /* NX: 1 + 2^-60 */
                     "frflags %0"
                     : "=r"(flags) : "r"(ONE_D), "r"(0x3c30000000000000ull) : "ft0", "ft1", "ft2", "ft3");
    check_eq("sticky flags DZ|NV|NX", flags, FFLAGS_DZ | FFLAGS_NV | FFLAGS_NX);
    /* Integer-result ops also accrue flags; fmv/fsgnj never do. */
    __asm__ volatile("fsflags x0\n fmv.d.x ft0, %1\n fsgnjn.d ft1, ft0, ft0\n fclass.d t0, ft0\n"
                     "frflags %0" : "=r"(flags) : "r"(SNAN_D) : "ft0", "ft1", "t0");
    check_eq("fsgnjn/fclass on sNaN flags", flags, 0);
    csr_write(fflags, 0);
}

int main(void)
{
    printf("fp_special test\n");
    test_loads_stores();
    test_nan_boxing();
    test_reserved_rounding_modes();
    test_fs_off();
    test_fs_dirty();
    test_sticky_flags();
    return test_finish();
}
