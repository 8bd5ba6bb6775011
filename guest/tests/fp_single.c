/* F extension: every single operation under every rounding mode (static and
 * dyn), printing result bits and fflags, plus spot checks of known answers.
 * fcvt.d.s lives here because it takes a single operand. */
#include "fp_common.h"

#define S_IN  "fmv.w.x"
#define S_OUT "fmv.x.w"
#define D_OUT "fmv.x.d"

DEFINE_RM_OP(GEN_BINARY, fadd_s, "fadd.s", S_IN, S_OUT)
DEFINE_RM_OP(GEN_BINARY, fsub_s, "fsub.s", S_IN, S_OUT)
DEFINE_RM_OP(GEN_BINARY, fmul_s, "fmul.s", S_IN, S_OUT)
DEFINE_RM_OP(GEN_BINARY, fdiv_s, "fdiv.s", S_IN, S_OUT)
DEFINE_RM_OP(GEN_UNARY, fsqrt_s, "fsqrt.s", S_IN, S_OUT)
DEFINE_RM_OP(GEN_TERNARY, fmadd_s, "fmadd.s", S_IN, S_OUT)
DEFINE_RM_OP(GEN_TERNARY, fmsub_s, "fmsub.s", S_IN, S_OUT)
DEFINE_RM_OP(GEN_TERNARY, fnmsub_s, "fnmsub.s", S_IN, S_OUT)
DEFINE_RM_OP(GEN_TERNARY, fnmadd_s, "fnmadd.s", S_IN, S_OUT)
DEFINE_RM_OP(GEN_TO_INT, fcvt_w_s, "fcvt.w.s", S_IN, S_OUT)
DEFINE_RM_OP(GEN_TO_INT, fcvt_wu_s, "fcvt.wu.s", S_IN, S_OUT)
DEFINE_RM_OP(GEN_TO_INT, fcvt_l_s, "fcvt.l.s", S_IN, S_OUT)
DEFINE_RM_OP(GEN_TO_INT, fcvt_lu_s, "fcvt.lu.s", S_IN, S_OUT)
DEFINE_RM_OP(GEN_FROM_INT, fcvt_s_w, "fcvt.s.w", S_IN, S_OUT)
DEFINE_RM_OP(GEN_FROM_INT, fcvt_s_wu, "fcvt.s.wu", S_IN, S_OUT)
DEFINE_RM_OP(GEN_FROM_INT, fcvt_s_l, "fcvt.s.l", S_IN, S_OUT)
DEFINE_RM_OP(GEN_FROM_INT, fcvt_s_lu, "fcvt.s.lu", S_IN, S_OUT)
DEFINE_RM_OP(GEN_ENCODED, fcvt_d_s, FCVT_D_S_INSN, S_IN, D_OUT)
DEFINE_BINARY_NO_RM(fmin_s, "fmin.s", S_IN, S_OUT)
DEFINE_BINARY_NO_RM(fmax_s, "fmax.s", S_IN, S_OUT)
DEFINE_BINARY_NO_RM(fsgnj_s, "fsgnj.s", S_IN, S_OUT)
DEFINE_BINARY_NO_RM(fsgnjn_s, "fsgnjn.s", S_IN, S_OUT)
DEFINE_BINARY_NO_RM(fsgnjx_s, "fsgnjx.s", S_IN, S_OUT)
DEFINE_COMPARE(feq_s, "feq.s", S_IN)
DEFINE_COMPARE(flt_s, "flt.s", S_IN)
DEFINE_COMPARE(fle_s, "fle.s", S_IN)
DEFINE_UNARY_TO_INT_NO_RM(fclass_s, "fclass.s", S_IN)
DEFINE_UNARY_TO_INT_NO_RM(fmv_x_w, "fmv.x.w", S_IN)
DEFINE_FROM_INT_NO_RM(fmv_w_x, "fmv.w.x", S_IN, D_OUT)

#define POS_ZERO  0x00000000u
#define NEG_ZERO  0x80000000u
#define ONE       0x3f800000u
#define NEG_ONE   0xbf800000u
#define TWO       0x40000000u
#define THREE     0x40400000u
#define POS_INF   0x7f800000u
#define NEG_INF   0xff800000u
#define QNAN      0x7fc00000u   /* also the canonical NaN */
#define SNAN      0x7fa00000u
#define MIN_SUB   0x00000001u
#define MAX_NORM  0x7f7fffffu
#define HALF      0x3f000000u

static const uint64_t fp_values[] = {
    POS_ZERO, NEG_ZERO, ONE, NEG_ONE, HALF,
    0xc0200000u,    /* -2.5: halfway */
    0x40600000u,    /* 3.5: halfway */
    0x3f800001u,    /* 1 + ulp */
    0x3eaaaaabu,    /* 1/3 */
    POS_INF, NEG_INF, QNAN, SNAN,
    0xffc00123u,    /* negative qNaN with payload */
    MIN_SUB,
    0x807fffffu,    /* -max subnormal */
    0x00800000u,    /* min normal */
    MAX_NORM,
    0xff7fffffu,    /* -max normal */
    0x4effffffu,    /* largest single below 2^31 */
    0x4f000000u,    /* 2^31 */
    0xcf000000u,    /* -2^31 */
    0xcf000001u,    /* just below -2^31 */
    0x4f800000u,    /* 2^32 */
    0x5f000000u,    /* 2^63 */
    0xdf000000u,    /* -2^63 */
    0x5f800000u,    /* 2^64 */
};

static const uint64_t binary_values[] = {
    POS_ZERO, NEG_ZERO, ONE, NEG_ONE, HALF,
    0x3f800001u,    /* 1 + ulp */
    0x3eaaaaabu,    /* 1/3 */
    POS_INF, NEG_INF, QNAN, SNAN,
    0xffc00123u,    /* negative qNaN with payload */
    MIN_SUB,
    0x807fffffu,    /* -max subnormal */
    0x00800000u,    /* min normal */
    MAX_NORM,
};

static const uint64_t fma_values[] = {
    NEG_ZERO, ONE, NEG_ONE,
    0x3f800001u,    /* 1 + ulp */
    0x3f7fffffu,    /* 1 - ulp/2 */
    POS_INF, SNAN, MIN_SUB, MAX_NORM,
};

static const uint64_t int_values[] = {
    0, 1, 0xffffffffffffffffull, 0x7fffffff, 0x80000000, 0xffffffff,
    0xffffffff80000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
    0x1000001,      /* 2^24 + 1: halfway between singles */
    0x1000003,      /* 2^24 + 3: halfway, other parity */
    0xfffffffffefffffbull, 0x123456789abcdef1ull, 0x7fffffc0,
};

#define COUNT(array) (sizeof array / sizeof array[0])

static const struct operand_set fp_set = { fp_values, COUNT(fp_values), 8 };
static const struct operand_set binary_set = { binary_values, COUNT(binary_values), 8 };
static const struct operand_set fma_set = { fma_values, COUNT(fma_values), 8 };
static const struct operand_set int_set = { int_values, COUNT(int_values), 16 };

#define RM_OP(name, arity, kind, digits, fn) { name, arity, kind, digits, fn##_variants, 0 }
#define NO_RM_OP(name, arity, kind, digits, fn) { name, arity, kind, digits, 0, fn }

static const struct fp_op ops[] = {
    RM_OP("fadd.s", 2, FP_OPERANDS, 8, fadd_s),
    RM_OP("fsub.s", 2, FP_OPERANDS, 8, fsub_s),
    RM_OP("fmul.s", 2, FP_OPERANDS, 8, fmul_s),
    RM_OP("fdiv.s", 2, FP_OPERANDS, 8, fdiv_s),
    RM_OP("fsqrt.s", 1, FP_OPERANDS, 8, fsqrt_s),
    RM_OP("fcvt.w.s", 1, FP_OPERANDS, 16, fcvt_w_s),
    RM_OP("fcvt.wu.s", 1, FP_OPERANDS, 16, fcvt_wu_s),
    RM_OP("fcvt.l.s", 1, FP_OPERANDS, 16, fcvt_l_s),
    RM_OP("fcvt.lu.s", 1, FP_OPERANDS, 16, fcvt_lu_s),
    RM_OP("fcvt.s.w", 1, INT_OPERANDS, 8, fcvt_s_w),
    RM_OP("fcvt.s.wu", 1, INT_OPERANDS, 8, fcvt_s_wu),
    RM_OP("fcvt.s.l", 1, INT_OPERANDS, 8, fcvt_s_l),
    RM_OP("fcvt.s.lu", 1, INT_OPERANDS, 8, fcvt_s_lu),
    RM_OP("fcvt.d.s", 1, FP_OPERANDS, 16, fcvt_d_s),
    NO_RM_OP("fmin.s", 2, FP_OPERANDS, 8, fmin_s),
    NO_RM_OP("fmax.s", 2, FP_OPERANDS, 8, fmax_s),
    NO_RM_OP("fsgnj.s", 2, FP_OPERANDS, 8, fsgnj_s),
    NO_RM_OP("fsgnjn.s", 2, FP_OPERANDS, 8, fsgnjn_s),
    NO_RM_OP("fsgnjx.s", 2, FP_OPERANDS, 8, fsgnjx_s),
    NO_RM_OP("feq.s", 2, FP_OPERANDS, 16, feq_s),
    NO_RM_OP("flt.s", 2, FP_OPERANDS, 16, flt_s),
    NO_RM_OP("fle.s", 2, FP_OPERANDS, 16, fle_s),
    NO_RM_OP("fclass.s", 1, FP_OPERANDS, 16, fclass_s),
    /* fmv.x.w sign-extends bit 31; fmv.w.x NaN-boxes (read back with fmv.x.d). */
    NO_RM_OP("fmv.x.w", 1, FP_OPERANDS, 16, fmv_x_w),
    NO_RM_OP("fmv.w.x", 1, INT_OPERANDS, 16, fmv_w_x),
};

static const struct fp_op fma_ops[] = {
    RM_OP("fmadd.s", 3, FP_OPERANDS, 8, fmadd_s),
    RM_OP("fmsub.s", 3, FP_OPERANDS, 8, fmsub_s),
    RM_OP("fnmsub.s", 3, FP_OPERANDS, 8, fnmsub_s),
    RM_OP("fnmadd.s", 3, FP_OPERANDS, 8, fnmadd_s),
};

/* Single results come back through fmv.x.w, so they are sign-extended. */
static uint64_t boxed32(uint32_t bits)
{
    return (uint64_t)(int64_t)(int32_t)bits;
}

static void spot_checks(void)
{
    check_fp("1 + 2", fadd_s_rne(ONE, TWO, 0), boxed32(THREE), 0);
    check_fp("1 / 0", fdiv_s_rne(ONE, POS_ZERO, 0), boxed32(POS_INF), FFLAGS_DZ);
    check_fp("0 / 0", fdiv_s_rne(POS_ZERO, POS_ZERO, 0), boxed32(QNAN), FFLAGS_NV);
    check_fp("sqrt(-1)", fsqrt_s_rne(NEG_ONE, 0, 0), boxed32(QNAN), FFLAGS_NV);
    check_fp("sqrt(-0)", fsqrt_s_rne(NEG_ZERO, 0, 0), boxed32(NEG_ZERO), 0);
    check_fp("1 + sNaN", fadd_s_rne(ONE, SNAN, 0), boxed32(QNAN), FFLAGS_NV);
    check_fp("max + max rne", fadd_s_rne(MAX_NORM, MAX_NORM, 0), boxed32(POS_INF), FFLAGS_OF | FFLAGS_NX);
    check_fp("max + max rdn", fadd_s_rdn(MAX_NORM, MAX_NORM, 0), boxed32(MAX_NORM), FFLAGS_OF | FFLAGS_NX);
    check_fp("minsub * 0.5 rne", fmul_s_rne(MIN_SUB, HALF, 0), 0, FFLAGS_UF | FFLAGS_NX);
    check_fp("minsub * 0.5 rup", fmul_s_rup(MIN_SUB, HALF, 0), MIN_SUB, FFLAGS_UF | FFLAGS_NX);
    check_fp("fmin(sNaN, 1)", fmin_s(SNAN, ONE, 0), boxed32(ONE), FFLAGS_NV);
    check_fp("fmax(qNaN, qNaN)", fmax_s(QNAN, 0xffc00123u, 0), boxed32(QNAN), 0);
    check_fp("fmax(-0, +0)", fmax_s(NEG_ZERO, POS_ZERO, 0), 0, 0);
    check_fp("fmin(+0, -0)", fmin_s(POS_ZERO, NEG_ZERO, 0), boxed32(NEG_ZERO), 0);
    check_fp("flt(sNaN, 1)", flt_s(SNAN, ONE, 0), 0, FFLAGS_NV);
    check_fp("feq(qNaN, 1)", feq_s(QNAN, ONE, 0), 0, 0);
    check_fp("fcvt.w.s(NaN)", fcvt_w_s_rne(QNAN, 0, 0), 0x7fffffff, FFLAGS_NV);
    check_fp("fcvt.w.s(-2^31)", fcvt_w_s_rne(0xcf000000u, 0, 0), 0xffffffff80000000ull, 0);
    check_fp("fcvt.wu.s(-0.5) rmm", fcvt_wu_s_rmm(0xbf000000u, 0, 0), 0, FFLAGS_NV);
    check_fp("fcvt.wu.s(-0.5) rne", fcvt_wu_s_rne(0xbf000000u, 0, 0), 0, FFLAGS_NX);
    check_fp("fcvt.wu.s(2^31)", fcvt_wu_s_rne(0x4f000000u, 0, 0), 0xffffffff80000000ull, 0);
    check_fp("fcvt.lu.s(2^64)", fcvt_lu_s_rne(0x5f800000u, 0, 0), 0xffffffffffffffffull, FFLAGS_NV);
    check_fp("fcvt.l.s(-2^63)", fcvt_l_s_rne(0xdf000000u, 0, 0), 0x8000000000000000ull, 0);
    check_fp("fcvt.s.w(2^24+1) rne", fcvt_s_w_rne(0x1000001, 0, 0), 0x4b800000u, FFLAGS_NX);
    check_fp("fcvt.s.w(2^24+1) rup", fcvt_s_w_rup(0x1000001, 0, 0), 0x4b800001u, FFLAGS_NX);
    check_fp("fcvt.s.wu(0xffffffff) rtz", fcvt_s_wu_rtz(0xffffffff, 0, 0), 0x4f7fffffu, FFLAGS_NX);
    check_fp("fcvt.d.s(sNaN)", fcvt_d_s_rne(SNAN, 0, 0), 0x7ff8000000000000ull, FFLAGS_NV);
    check_fp("fcvt.d.s(min subnormal)", fcvt_d_s_rmm(MIN_SUB, 0, 0), 0x36a0000000000000ull, 0);
    check_fp("fclass(-inf)", fclass_s(NEG_INF, 0, 0), 1 << 0, 0);
    check_fp("fclass(-subnormal)", fclass_s(0x807fffffu, 0, 0), 1 << 2, 0);
    check_fp("fclass(sNaN)", fclass_s(SNAN, 0, 0), 1 << 8, 0);
    check_fp("fclass(qNaN)", fclass_s(QNAN, 0, 0), 1 << 9, 0);
    check_fp("fmv.x.w(-1) sign-extends", fmv_x_w(NEG_ONE, 0, 0), 0xffffffffbf800000ull, 0);
    check_fp("fmv.w.x boxes", fmv_w_x(0, 0, 0), 0xffffffff00000000ull, 0);
    check_fp("fmadd inf*0+qNaN", fmadd_s_rne(POS_INF, POS_ZERO, QNAN), boxed32(QNAN), FFLAGS_NV);
    /* (1+2^-23)(1-2^-24) - 1 = 2^-24 - 2^-47 exactly. */
    check_fp("fmsub (1+u)(1-u/2)-1", fmsub_s_rne(0x3f800001u, 0x3f7fffffu, ONE), 0x337ffffeu, 0);
}

int main(void)
{
    printf("fp_single test: result/fflags for rne rtz rdn rup rmm\n");
    for (unsigned i = 0; i < COUNT(ops); i++)
        run_fp_op(&ops[i], ops[i].operands == INT_OPERANDS ? &int_set
                           : ops[i].arity == 1 ? &fp_set : &binary_set);
    for (unsigned i = 0; i < COUNT(fma_ops); i++)
        run_fp_op(&fma_ops[i], &fma_set);
    spot_checks();
    return test_finish();
}
