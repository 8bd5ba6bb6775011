/* Shared machinery for the F and D tests: each operation is an inline-asm
 * function per rounding mode, returning the result bits and fflags. */
#ifndef GUEST_FP_COMMON_H
#define GUEST_FP_COMMON_H

#include "testlib.h"

struct fp_result {
    uint64_t value;
    uint64_t flags;
};

typedef struct fp_result (*fp_fn)(uint64_t a, uint64_t b, uint64_t c);

/* Variants: the five static modes in encoding order, then dyn (rm = 7). */
#define STATIC_RM_COUNT 5
#define RM_VARIANT_COUNT 6
#define DYN_VARIANT 5

#define FOR_EACH_RM(GEN, ...) \
    GEN(rne, __VA_ARGS__) GEN(rtz, __VA_ARGS__) GEN(rdn, __VA_ARGS__) \
    GEN(rup, __VA_ARGS__) GEN(rmm, __VA_ARGS__) GEN(dyn, __VA_ARGS__)
#define RM_TABLE(fn) \
    static const fp_fn fn##_variants[RM_VARIANT_COUNT] = \
        { fn##_rne, fn##_rtz, fn##_rdn, fn##_rup, fn##_rmm, fn##_dyn };

/* Operands arrive in ft0..ft2 (moved in with mv_in), the body leaves the
 * result in %0 and the accrued flags are read right after it. */
#define FP_ASM(body, mv_in, r, a, b, c) \
    __asm__ volatile("fsflags x0\n" \
                     mv_in " ft0, %2\n" mv_in " ft1, %3\n" mv_in " ft2, %4\n" \
                     body "\n" \
                     "frflags %1" \
                     : "=&r"((r).value), "=&r"((r).flags) : "r"(a), "r"(b), "r"(c) \
                     : "ft0", "ft1", "ft2", "ft3")

#define FP_FN_BEGIN(name) \
    static struct fp_result name(uint64_t a, uint64_t b, uint64_t c) \
    { struct fp_result r; (void)a; (void)b; (void)c;
#define FP_FN_END return r; }

/* fp op fp -> fp, rounded. */
#define GEN_BINARY(rm, fn, insn, mv_in, mv_out) FP_FN_BEGIN(fn##_##rm) \
    FP_ASM(insn " ft3, ft0, ft1, " #rm "\n" mv_out " %0, ft3", mv_in, r, a, b, c); FP_FN_END
/* fp -> fp, rounded (fsqrt, narrowing fcvt). */
#define GEN_UNARY(rm, fn, insn, mv_in, mv_out) FP_FN_BEGIN(fn##_##rm) \
    FP_ASM(insn " ft3, ft0, " #rm "\n" mv_out " %0, ft3", mv_in, r, a, b, c); FP_FN_END
/* fused multiply-adds. */
#define GEN_TERNARY(rm, fn, insn, mv_in, mv_out) FP_FN_BEGIN(fn##_##rm) \
    FP_ASM(insn " ft3, ft0, ft1, ft2, " #rm "\n" mv_out " %0, ft3", mv_in, r, a, b, c); FP_FN_END
/* fp -> integer register, rounded. */
#define GEN_TO_INT(rm, fn, insn, mv_in, mv_out) FP_FN_BEGIN(fn##_##rm) \
    FP_ASM(insn " %0, ft0, " #rm, mv_in, r, a, b, c); FP_FN_END
/* integer register -> fp, rounded. */
#define GEN_FROM_INT(rm, fn, insn, mv_in, mv_out) FP_FN_BEGIN(fn##_##rm) \
    FP_ASM(insn " ft3, %2, " #rm "\n" mv_out " %0, ft3", mv_in, r, a, b, c); FP_FN_END

/* Exact conversions (fcvt.d.w, fcvt.d.wu, fcvt.d.s) still have an rm field,
 * but the assembler takes no rm operand for them: encode with .insn.
 * `insn` is then a macro taking the rm number, e.g. FCVT_D_W_INSN. */
#define RM_NUMBER_rne 0
#define RM_NUMBER_rtz 1
#define RM_NUMBER_rdn 2
#define RM_NUMBER_rup 3
#define RM_NUMBER_rmm 4
#define RM_NUMBER_dyn 7
#define FP_STRINGIFY(x) #x
#define FP_EXPAND_STRINGIFY(x) FP_STRINGIFY(x)
#define OP_FP_OPCODE "0x53"
/* .insn r opcode, funct3 (= rm), funct7, rd, rs1, rs2: result in ft3. */
#define FCVT_D_W_INSN(rm)  ".insn r " OP_FP_OPCODE ", " FP_EXPAND_STRINGIFY(rm) ", 0x69, ft3, %2, x0"
#define FCVT_D_WU_INSN(rm) ".insn r " OP_FP_OPCODE ", " FP_EXPAND_STRINGIFY(rm) ", 0x69, ft3, %2, x1"
#define FCVT_D_S_INSN(rm)  ".insn r " OP_FP_OPCODE ", " FP_EXPAND_STRINGIFY(rm) ", 0x21, ft3, ft0, x0"
#define GEN_ENCODED(rm, fn, insn, mv_in, mv_out) FP_FN_BEGIN(fn##_##rm) \
    FP_ASM(insn(RM_NUMBER_##rm) "\n" mv_out " %0, ft3", mv_in, r, a, b, c); FP_FN_END

#define DEFINE_RM_OP(family, fn, insn, mv_in, mv_out) \
    FOR_EACH_RM(family, fn, insn, mv_in, mv_out) RM_TABLE(fn)

/* Operations without a rounding mode: one function each. */
#define DEFINE_BINARY_NO_RM(fn, insn, mv_in, mv_out) FP_FN_BEGIN(fn) \
    FP_ASM(insn " ft3, ft0, ft1\n" mv_out " %0, ft3", mv_in, r, a, b, c); FP_FN_END
#define DEFINE_COMPARE(fn, insn, mv_in) FP_FN_BEGIN(fn) \
    FP_ASM(insn " %0, ft0, ft1", mv_in, r, a, b, c); FP_FN_END
#define DEFINE_UNARY_TO_INT_NO_RM(fn, insn, mv_in) FP_FN_BEGIN(fn) \
    FP_ASM(insn " %0, ft0", mv_in, r, a, b, c); FP_FN_END
#define DEFINE_UNARY_NO_RM(fn, insn, mv_in, mv_out) FP_FN_BEGIN(fn) \
    FP_ASM(insn " ft3, ft0\n" mv_out " %0, ft3", mv_in, r, a, b, c); FP_FN_END
#define DEFINE_FROM_INT_NO_RM(fn, insn, mv_in, mv_out) FP_FN_BEGIN(fn) \
    FP_ASM(insn " ft3, %2\n" mv_out " %0, ft3", mv_in, r, a, b, c); FP_FN_END

enum operand_kind { FP_OPERANDS, INT_OPERANDS };

struct fp_op {
    const char *name;
    unsigned arity;                 /* 1, 2 or 3 */
    enum operand_kind operands;
    unsigned result_hex_digits;     /* 8 for single results, else 16 */
    const fp_fn *variants;          /* RM_VARIANT_COUNT entries ... */
    fp_fn single;                   /* ... or one function without rm */
};

struct operand_set {
    const uint64_t *values;
    unsigned count;
    unsigned hex_digits;
};

/* Runs every operand combination of one op; prints one line per combination
 * with the result/flags of each static mode, and checks dyn against static. */
void run_fp_op(const struct fp_op *op, const struct operand_set *set);
/* Runs one op once with the given rounding variant (0..4 static, 5 dyn). */
struct fp_result fp_run_once(const struct fp_op *op, unsigned variant,
                             uint64_t a, uint64_t b, uint64_t c);
/* Prints "label = value/flags" and checks both. */
void check_fp(const char *label, struct fp_result got, uint64_t value, uint64_t flags);

#endif
