/* D extension: every double operation under every rounding mode (static and
 * dyn), printing result bits and fflags, plus spot checks of known answers. */
#include "fp_common.h"

#define D_IN  "fmv.d.x"
#define D_OUT "fmv.x.d"
#define S_OUT "fmv.x.w"

DEFINE_RM_OP(GEN_BINARY, fadd_d, "fadd.d", D_IN, D_OUT)
DEFINE_RM_OP(GEN_BINARY, fsub_d, "fsub.d", D_IN, D_OUT)
DEFINE_RM_OP(GEN_BINARY, fmul_d, "fmul.d", D_IN, D_OUT)
DEFINE_RM_OP(GEN_BINARY, fdiv_d, "fdiv.d", D_IN, D_OUT)
DEFINE_RM_OP(GEN_UNARY, fsqrt_d, "fsqrt.d", D_IN, D_OUT)
DEFINE_RM_OP(GEN_TERNARY, fmadd_d, "fmadd.d", D_IN, D_OUT)
DEFINE_RM_OP(GEN_TERNARY, fmsub_d, "fmsub.d", D_IN, D_OUT)
DEFINE_RM_OP(GEN_TERNARY, fnmsub_d, "fnmsub.d", D_IN, D_OUT)
DEFINE_RM_OP(GEN_TERNARY, fnmadd_d, "fnmadd.d", D_IN, D_OUT)
DEFINE_RM_OP(GEN_TO_INT, fcvt_w_d, "fcvt.w.d", D_IN, D_OUT)
DEFINE_RM_OP(GEN_TO_INT, fcvt_wu_d, "fcvt.wu.d", D_IN, D_OUT)
DEFINE_RM_OP(GEN_TO_INT, fcvt_l_d, "fcvt.l.d", D_IN, D_OUT)
DEFINE_RM_OP(GEN_TO_INT, fcvt_lu_d, "fcvt.lu.d", D_IN, D_OUT)
DEFINE_RM_OP(GEN_FROM_INT, fcvt_d_l, "fcvt.d.l", D_IN, D_OUT)
DEFINE_RM_OP(GEN_FROM_INT, fcvt_d_lu, "fcvt.d.lu", D_IN, D_OUT)
DEFINE_RM_OP(GEN_UNARY, fcvt_s_d, "fcvt.s.d", D_IN, S_OUT)
DEFINE_RM_OP(GEN_ENCODED, fcvt_d_w, FCVT_D_W_INSN, D_IN, D_OUT)
DEFINE_RM_OP(GEN_ENCODED, fcvt_d_wu, FCVT_D_WU_INSN, D_IN, D_OUT)
DEFINE_BINARY_NO_RM(fmin_d, "fmin.d", D_IN, D_OUT)
DEFINE_BINARY_NO_RM(fmax_d, "fmax.d", D_IN, D_OUT)
DEFINE_BINARY_NO_RM(fsgnj_d, "fsgnj.d", D_IN, D_OUT)
DEFINE_BINARY_NO_RM(fsgnjn_d, "fsgnjn.d", D_IN, D_OUT)
DEFINE_BINARY_NO_RM(fsgnjx_d, "fsgnjx.d", D_IN, D_OUT)
DEFINE_COMPARE(feq_d, "feq.d", D_IN)
DEFINE_COMPARE(flt_d, "flt.d", D_IN)
DEFINE_COMPARE(fle_d, "fle.d", D_IN)
DEFINE_UNARY_TO_INT_NO_RM(fclass_d, "fclass.d", D_IN)
DEFINE_UNARY_TO_INT_NO_RM(fmv_x_d, "fmv.x.d", D_IN)
DEFINE_FROM_INT_NO_RM(fmv_d_x, "fmv.d.x", D_IN, D_OUT)

#define POS_ZERO  0x0000000000000000ull
#define NEG_ZERO  0x8000000000000000ull
#define ONE       0x3ff0000000000000ull
#define NEG_ONE   0xbff0000000000000ull
#define TWO       0x4000000000000000ull
#define THREE     0x4008000000000000ull
#define POS_INF   0x7ff0000000000000ull
#define NEG_INF   0xfff0000000000000ull
#define QNAN      0x7ff8000000000000ull   /* also the canonical NaN */
#define SNAN      0x7ff4000000000000ull
#define MIN_SUB   0x0000000000000001ull
#define MAX_NORM  0x7fefffffffffffffull

static const uint64_t fp_values[] = {
    POS_ZERO, NEG_ZERO, ONE, NEG_ONE,
    0x3fe0000000000000ull,  /* 0.5 */
    0xc004000000000000ull,  /* -2.5: halfway */
    0x400c000000000000ull,  /* 3.5: halfway */
    0x3ff0000000000001ull,  /* 1 + ulp */
    0x3fd5555555555555ull,  /* 1/3 */
    POS_INF, NEG_INF, QNAN, SNAN,
    0xfff8000000000123ull,  /* negative qNaN with payload */
    MIN_SUB,
    0x800fffffffffffffull,  /* -max subnormal */
    0x0010000000000000ull,  /* min normal */
    MAX_NORM,
    0xffefffffffffffffull,  /* -max normal */
    0x41dfffffffe00000ull,  /* 2^31 - 0.5 */
    0xc1e0000000100000ull,  /* -2^31 - 0.5 */
    0x41effffffff00000ull,  /* 2^32 - 0.5 */
    0x43dfffffffffffffull,  /* largest double below 2^63 */
    0x43e0000000000000ull,  /* 2^63 */
    0xc3e0000000000000ull,  /* -2^63 */
    0x43f0000000000000ull,  /* 2^64 */
};

/* Smaller sets for the two- and three-operand ops keep the output short. */
static const uint64_t binary_values[] = {
    POS_ZERO, NEG_ZERO, ONE, NEG_ONE,
    0x3fe0000000000000ull,  /* 0.5 */
    0x3ff0000000000001ull,  /* 1 + ulp */
    0x3fd5555555555555ull,  /* 1/3 */
    POS_INF, NEG_INF, QNAN, SNAN,
    0xfff8000000000123ull,  /* negative qNaN with payload */
    MIN_SUB,
    0x800fffffffffffffull,  /* -max subnormal */
    0x0010000000000000ull,  /* min normal */
    MAX_NORM,
};

static const uint64_t fma_values[] = {
    NEG_ZERO, ONE, NEG_ONE,
    0x3ff0000000000001ull,  /* 1 + ulp */
    0x3fefffffffffffffull,  /* 1 - ulp/2 */
    POS_INF, SNAN, MIN_SUB, MAX_NORM,
};

static const uint64_t int_values[] = {
    0, 1, 0xffffffffffffffffull, 0x7fffffff, 0x80000000, 0xffffffff,
    0xffffffff80000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
    0x0020000000000001ull,  /* 2^53 + 1: halfway between doubles */
    0x0020000000000003ull,  /* 2^53 + 3: halfway, other parity */
    0xfffffffffffffc01ull, 0x123456789abcdef1ull, 0x1000001,
};

#define COUNT(array) (sizeof array / sizeof array[0])

static const struct operand_set fp_set = { fp_values, COUNT(fp_values), 16 };
static const struct operand_set binary_set = { binary_values, COUNT(binary_values), 16 };
static const struct operand_set fma_set = { fma_values, COUNT(fma_values), 16 };
static const struct operand_set int_set = { int_values, COUNT(int_values), 16 };

#define RM_OP(name, arity, kind, digits, fn) { name, arity, kind, digits, fn##_variants, 0 }
#define NO_RM_OP(name, arity, kind, digits, fn) { name, arity, kind, digits, 0, fn }

static const struct fp_op ops[] = {
    RM_OP("fadd.d", 2, FP_OPERANDS, 16, fadd_d),
    RM_OP("fsub.d", 2, FP_OPERANDS, 16, fsub_d),
    RM_OP("fmul.d", 2, FP_OPERANDS, 16, fmul_d),
    RM_OP("fdiv.d", 2, FP_OPERANDS, 16, fdiv_d),
    RM_OP("fsqrt.d", 1, FP_OPERANDS, 16, fsqrt_d),
    RM_OP("fcvt.w.d", 1, FP_OPERANDS, 16, fcvt_w_d),
    RM_OP("fcvt.wu.d", 1, FP_OPERANDS, 16, fcvt_wu_d),
    RM_OP("fcvt.l.d", 1, FP_OPERANDS, 16, fcvt_l_d),
    RM_OP("fcvt.lu.d", 1, FP_OPERANDS, 16, fcvt_lu_d),
    RM_OP("fcvt.s.d", 1, FP_OPERANDS, 8, fcvt_s_d),
    RM_OP("fcvt.d.l", 1, INT_OPERANDS, 16, fcvt_d_l),
    RM_OP("fcvt.d.lu", 1, INT_OPERANDS, 16, fcvt_d_lu),
    RM_OP("fcvt.d.w", 1, INT_OPERANDS, 16, fcvt_d_w),
    RM_OP("fcvt.d.wu", 1, INT_OPERANDS, 16, fcvt_d_wu),
    NO_RM_OP("fmin.d", 2, FP_OPERANDS, 16, fmin_d),
    NO_RM_OP("fmax.d", 2, FP_OPERANDS, 16, fmax_d),
    NO_RM_OP("fsgnj.d", 2, FP_OPERANDS, 16, fsgnj_d),
    NO_RM_OP("fsgnjn.d", 2, FP_OPERANDS, 16, fsgnjn_d),
    NO_RM_OP("fsgnjx.d", 2, FP_OPERANDS, 16, fsgnjx_d),
    NO_RM_OP("feq.d", 2, FP_OPERANDS, 16, feq_d),
    NO_RM_OP("flt.d", 2, FP_OPERANDS, 16, flt_d),
    NO_RM_OP("fle.d", 2, FP_OPERANDS, 16, fle_d),
    NO_RM_OP("fclass.d", 1, FP_OPERANDS, 16, fclass_d),
    NO_RM_OP("fmv.x.d", 1, FP_OPERANDS, 16, fmv_x_d),
    NO_RM_OP("fmv.d.x", 1, INT_OPERANDS, 16, fmv_d_x),
};

static const struct fp_op fma_ops[] = {
    RM_OP("fmadd.d", 3, FP_OPERANDS, 16, fmadd_d),
    RM_OP("fmsub.d", 3, FP_OPERANDS, 16, fmsub_d),
    RM_OP("fnmsub.d", 3, FP_OPERANDS, 16, fnmsub_d),
    RM_OP("fnmadd.d", 3, FP_OPERANDS, 16, fnmadd_d),
};

enum { RNE, RTZ, RDN, RUP, RMM };

/* Known answers, independent of the printed tables. */
static void spot_checks(void)
{
    check_fp("1 + 2", fadd_d_rne(ONE, TWO, 0), THREE, 0);
    check_fp("1 / 0", fdiv_d_rne(ONE, POS_ZERO, 0), POS_INF, FFLAGS_DZ);
    check_fp("0 / 0", fdiv_d_rne(POS_ZERO, POS_ZERO, 0), QNAN, FFLAGS_NV);
    check_fp("inf - inf", fsub_d_rne(POS_INF, POS_INF, 0), QNAN, FFLAGS_NV);
    check_fp("sqrt(-1)", fsqrt_d_rne(NEG_ONE, 0, 0), QNAN, FFLAGS_NV);
    check_fp("sqrt(-0)", fsqrt_d_rne(NEG_ZERO, 0, 0), NEG_ZERO, 0);
    check_fp("1 + sNaN", fadd_d_rne(ONE, SNAN, 0), QNAN, FFLAGS_NV);
    check_fp("max + max rne", fadd_d_rne(MAX_NORM, MAX_NORM, 0), POS_INF, FFLAGS_OF | FFLAGS_NX);
    check_fp("max + max rtz", fadd_d_rtz(MAX_NORM, MAX_NORM, 0), MAX_NORM, FFLAGS_OF | FFLAGS_NX);
    check_fp("minsub * 0.5 rne", fmul_d_rne(MIN_SUB, 0x3fe0000000000000ull, 0), POS_ZERO,
             FFLAGS_UF | FFLAGS_NX);
    check_fp("minsub * 0.5 rup", fmul_d_rup(MIN_SUB, 0x3fe0000000000000ull, 0), MIN_SUB,
             FFLAGS_UF | FFLAGS_NX);
    check_fp("1 - 1 rdn", fsub_d_rdn(ONE, ONE, 0), NEG_ZERO, 0);
    check_fp("fmin(sNaN, 1)", fmin_d(SNAN, ONE, 0), ONE, FFLAGS_NV);
    check_fp("fmin(qNaN, qNaN)", fmin_d(QNAN, 0xfff8000000000123ull, 0), QNAN, 0);
    check_fp("fmax(-0, +0)", fmax_d(NEG_ZERO, POS_ZERO, 0), POS_ZERO, 0);
    check_fp("fmin(-0, +0)", fmin_d(POS_ZERO, NEG_ZERO, 0), NEG_ZERO, 0);
    check_fp("feq(qNaN, qNaN)", feq_d(QNAN, QNAN, 0), 0, 0);
    check_fp("feq(sNaN, 1)", feq_d(SNAN, ONE, 0), 0, FFLAGS_NV);
    check_fp("flt(qNaN, 1)", flt_d(QNAN, ONE, 0), 0, FFLAGS_NV);
    check_fp("fle(-0, +0)", fle_d(NEG_ZERO, POS_ZERO, 0), 1, 0);
    check_fp("fcvt.w.d(NaN)", fcvt_w_d_rne(QNAN, 0, 0), 0x7fffffff, FFLAGS_NV);
    check_fp("fcvt.w.d(-inf)", fcvt_w_d_rne(NEG_INF, 0, 0), 0xffffffff80000000ull, FFLAGS_NV);
    check_fp("fcvt.wu.d(-1)", fcvt_wu_d_rne(NEG_ONE, 0, 0), 0, FFLAGS_NV);
    check_fp("fcvt.wu.d(2^32-0.5) rne", fcvt_wu_d_rne(0x41effffffff00000ull, 0, 0),
             0xffffffffffffffffull, FFLAGS_NV);
    check_fp("fcvt.wu.d(2^32-0.5) rtz", fcvt_wu_d_rtz(0x41effffffff00000ull, 0, 0),
             0xffffffffffffffffull, FFLAGS_NX);
    check_fp("fcvt.w.d(-2.5) rne", fcvt_w_d_rne(0xc004000000000000ull, 0, 0), (uint64_t)-2, FFLAGS_NX);
    check_fp("fcvt.w.d(-2.5) rmm", fcvt_w_d_rmm(0xc004000000000000ull, 0, 0), (uint64_t)-3, FFLAGS_NX);
    check_fp("fcvt.w.d(-2.5) rdn", fcvt_w_d_rdn(0xc004000000000000ull, 0, 0), (uint64_t)-3, FFLAGS_NX);
    check_fp("fcvt.w.d(-2.5) rup", fcvt_w_d_rup(0xc004000000000000ull, 0, 0), (uint64_t)-2, FFLAGS_NX);
    check_fp("fcvt.l.d(2^63)", fcvt_l_d_rne(0x43e0000000000000ull, 0, 0), 0x7fffffffffffffffull, FFLAGS_NV);
    check_fp("fcvt.lu.d(-inf)", fcvt_lu_d_rne(NEG_INF, 0, 0), 0, FFLAGS_NV);
    check_fp("fcvt.lu.d(-0.5) rtz", fcvt_lu_d_rtz(0xbfe0000000000000ull, 0, 0), 0, FFLAGS_NX);
    check_fp("fcvt.d.w(low word -1)", fcvt_d_w_rtz(0x7fffffffffffffffull, 0, 0), NEG_ONE, 0);
    check_fp("fcvt.d.wu(low word 2^32-1)", fcvt_d_wu_rdn(0x80000000ffffffffull, 0, 0),
             0x41efffffffe00000ull, 0);
    check_fp("fcvt.d.l(2^53+1) rne", fcvt_d_l_rne(0x0020000000000001ull, 0, 0), 0x4340000000000000ull,
             FFLAGS_NX);
    check_fp("fcvt.d.l(2^53+1) rup", fcvt_d_l_rup(0x0020000000000001ull, 0, 0), 0x4340000000000001ull,
             FFLAGS_NX);
    check_fp("fcvt.s.d(1/3) rne", fcvt_s_d_rne(0x3fd5555555555555ull, 0, 0) , 0x3eaaaaab, FFLAGS_NX);
    check_fp("fcvt.s.d(sNaN)", fcvt_s_d_rne(SNAN, 0, 0), 0x7fc00000, FFLAGS_NV);
    check_fp("fclass(-inf)", fclass_d(NEG_INF, 0, 0), 1 << 0, 0);
    check_fp("fclass(-1)", fclass_d(NEG_ONE, 0, 0), 1 << 1, 0);
    check_fp("fclass(-subnormal)", fclass_d(0x800fffffffffffffull, 0, 0), 1 << 2, 0);
    check_fp("fclass(-0)", fclass_d(NEG_ZERO, 0, 0), 1 << 3, 0);
    check_fp("fclass(+0)", fclass_d(POS_ZERO, 0, 0), 1 << 4, 0);
    check_fp("fclass(+subnormal)", fclass_d(MIN_SUB, 0, 0), 1 << 5, 0);
    check_fp("fclass(1)", fclass_d(ONE, 0, 0), 1 << 6, 0);
    check_fp("fclass(+inf)", fclass_d(POS_INF, 0, 0), 1 << 7, 0);
    check_fp("fclass(sNaN)", fclass_d(SNAN, 0, 0), 1 << 8, 0);
    check_fp("fclass(qNaN)", fclass_d(QNAN, 0, 0), 1 << 9, 0);
    /* Fused: (1+2^-52)(1-2^-53) - 1 = 2^-53 - 2^-105 exactly; a separate
     * multiply would have rounded the product to 1 + 2^-52. */
    check_fp("fmsub (1+u)(1-u/2)-1", fmsub_d_rne(0x3ff0000000000001ull, 0x3fefffffffffffffull, ONE),
             0x3c9ffffffffffffeull, 0);
    check_fp("fmadd inf*0+1", fmadd_d_rne(POS_INF, POS_ZERO, ONE), QNAN, FFLAGS_NV);
    check_fp("fmadd inf*0+qNaN", fmadd_d_rne(POS_INF, POS_ZERO, QNAN), QNAN, FFLAGS_NV);
    check_fp("fnmadd 1*1+1", fnmadd_d_rne(ONE, ONE, ONE), 0xc000000000000000ull, 0);
    check_fp("fnmsub 1*1-1 rdn", fnmsub_d_rdn(ONE, ONE, ONE), NEG_ZERO, 0);
}

int main(void)
{
    printf("fp_double test: result/fflags for rne rtz rdn rup rmm\n");
    for (unsigned i = 0; i < COUNT(ops); i++)
        run_fp_op(&ops[i], ops[i].operands == INT_OPERANDS ? &int_set
                           : ops[i].arity == 1 ? &fp_set : &binary_set);
    for (unsigned i = 0; i < COUNT(fma_ops); i++)
        run_fp_op(&fma_ops[i], &fma_set);
    spot_checks();
    return test_finish();
}
