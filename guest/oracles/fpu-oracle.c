/*
 * fpu-oracle: runs real RISC-V F/D instructions on test cases from stdin.
 *
 * Input:  a stream of 32-byte little-endian records
 *           uint32 op; uint32 rm; uint64 a; uint64 b; uint64 c;
 * Output: one 16-byte record per input record
 *           uint64 result; uint64 fflags;
 * `result` is the destination register as the instruction leaves it: the raw
 * bits of an FP result (low 32 bits for single precision) or the full 64-bit
 * integer register for compares, fclass and conversions to integer.
 * Unknown ops produce fflags = ~0 so the caller notices.
 *
 * Op numbers: single precision 0..31, double precision 32..63, same order.
 * Keep in sync with OracleOp in tests/Translator.SoftFloat.Tests.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

typedef struct { uint32_t op, rm; uint64_t a, b, c; } request_t;
typedef struct { uint64_t result, flags; } response_t;

/* Each macro is one asm block so the compiler cannot put FP work between
 * clearing fflags, the instruction under test, and reading fflags. */
#define ASM_BODY(body)                                                        \
    __asm__ volatile("fsrm %[rm]\n\t" body                                    \
                     : [r] "=&r"(r), [fl] "=&r"(fl)                           \
                     : [a] "r"(q->a), [b] "r"(q->b), [c] "r"(q->c),           \
                       [rm] "r"((uint64_t)q->rm)                              \
                     : "ft0", "ft1", "ft2", "ft3")

#define LOAD_S "fmv.w.x ft0, %[a]\n\tfmv.w.x ft1, %[b]\n\tfmv.w.x ft2, %[c]\n\t"
#define LOAD_D "fmv.d.x ft0, %[a]\n\tfmv.d.x ft1, %[b]\n\tfmv.d.x ft2, %[c]\n\t"
#define RUN(insn) "fsflags x0\n\t" insn "\n\tfrflags %[fl]\n\t"

/* FP result from FP sources. */
#define S_TO_S(n, insn) case n: ASM_BODY(LOAD_S RUN(insn) "fmv.x.w %[r], ft3"); r &= 0xffffffffu; break;
#define D_TO_D(n, insn) case n: ASM_BODY(LOAD_D RUN(insn) "fmv.x.d %[r], ft3"); break;
/* Integer result from FP sources. */
#define S_TO_X(n, insn) case n: ASM_BODY(LOAD_S RUN(insn)); break;
#define D_TO_X(n, insn) case n: ASM_BODY(LOAD_D RUN(insn)); break;
/* FP result from an integer source (operand a). */
#define X_TO_S(n, insn) case n: ASM_BODY(RUN(insn) "fmv.x.w %[r], ft3"); r &= 0xffffffffu; break;
#define X_TO_D(n, insn) case n: ASM_BODY(RUN(insn) "fmv.x.d %[r], ft3"); break;
/* Cross-format conversions. */
#define D_TO_S(n, insn) case n: ASM_BODY(LOAD_D RUN(insn) "fmv.x.w %[r], ft3"); r &= 0xffffffffu; break;
#define S_TO_D(n, insn) case n: ASM_BODY(LOAD_S RUN(insn) "fmv.x.d %[r], ft3"); break;

static void execute(const request_t *q, response_t *out)
{
    uint64_t r = 0, fl = 0;
    switch (q->op) {
        S_TO_S(0, "fadd.s ft3, ft0, ft1")
        S_TO_S(1, "fsub.s ft3, ft0, ft1")
        S_TO_S(2, "fmul.s ft3, ft0, ft1")
        S_TO_S(3, "fdiv.s ft3, ft0, ft1")
        S_TO_S(4, "fsqrt.s ft3, ft0")
        S_TO_S(5, "fmadd.s ft3, ft0, ft1, ft2")
        S_TO_S(6, "fmsub.s ft3, ft0, ft1, ft2")
        S_TO_S(7, "fnmsub.s ft3, ft0, ft1, ft2")
        S_TO_S(8, "fnmadd.s ft3, ft0, ft1, ft2")
        S_TO_S(9, "fmin.s ft3, ft0, ft1")
        S_TO_S(10, "fmax.s ft3, ft0, ft1")
        S_TO_X(11, "feq.s %[r], ft0, ft1")
        S_TO_X(12, "flt.s %[r], ft0, ft1")
        S_TO_X(13, "fle.s %[r], ft0, ft1")
        S_TO_X(14, "fclass.s %[r], ft0")
        S_TO_X(15, "fcvt.w.s %[r], ft0")
        S_TO_X(16, "fcvt.wu.s %[r], ft0")
        S_TO_X(17, "fcvt.l.s %[r], ft0")
        S_TO_X(18, "fcvt.lu.s %[r], ft0")
        X_TO_S(19, "fcvt.s.w ft3, %[a]")
        X_TO_S(20, "fcvt.s.wu ft3, %[a]")
        X_TO_S(21, "fcvt.s.l ft3, %[a]")
        X_TO_S(22, "fcvt.s.lu ft3, %[a]")
        D_TO_S(23, "fcvt.s.d ft3, ft0")
        S_TO_S(24, "fsgnj.s ft3, ft0, ft1")
        S_TO_S(25, "fsgnjn.s ft3, ft0, ft1")
        S_TO_S(26, "fsgnjx.s ft3, ft0, ft1")
        /* fadd.s on whole 64-bit registers: checks NaN-boxing of operands and result. */
        D_TO_D(27, "fadd.s ft3, ft0, ft1")

        D_TO_D(32, "fadd.d ft3, ft0, ft1")
        D_TO_D(33, "fsub.d ft3, ft0, ft1")
        D_TO_D(34, "fmul.d ft3, ft0, ft1")
        D_TO_D(35, "fdiv.d ft3, ft0, ft1")
        D_TO_D(36, "fsqrt.d ft3, ft0")
        D_TO_D(37, "fmadd.d ft3, ft0, ft1, ft2")
        D_TO_D(38, "fmsub.d ft3, ft0, ft1, ft2")
        D_TO_D(39, "fnmsub.d ft3, ft0, ft1, ft2")
        D_TO_D(40, "fnmadd.d ft3, ft0, ft1, ft2")
        D_TO_D(41, "fmin.d ft3, ft0, ft1")
        D_TO_D(42, "fmax.d ft3, ft0, ft1")
        D_TO_X(43, "feq.d %[r], ft0, ft1")
        D_TO_X(44, "flt.d %[r], ft0, ft1")
        D_TO_X(45, "fle.d %[r], ft0, ft1")
        D_TO_X(46, "fclass.d %[r], ft0")
        D_TO_X(47, "fcvt.w.d %[r], ft0")
        D_TO_X(48, "fcvt.wu.d %[r], ft0")
        D_TO_X(49, "fcvt.l.d %[r], ft0")
        D_TO_X(50, "fcvt.lu.d %[r], ft0")
        X_TO_D(51, "fcvt.d.w ft3, %[a]")
        X_TO_D(52, "fcvt.d.wu ft3, %[a]")
        X_TO_D(53, "fcvt.d.l ft3, %[a]")
        X_TO_D(54, "fcvt.d.lu ft3, %[a]")
        S_TO_D(55, "fcvt.d.s ft3, ft0")
        D_TO_D(56, "fsgnj.d ft3, ft0, ft1")
        D_TO_D(57, "fsgnjn.d ft3, ft0, ft1")
        D_TO_D(58, "fsgnjx.d ft3, ft0, ft1")

    default:
        fl = ~(uint64_t)0;
        break;
    }
    out->result = r;
    out->flags = fl;
}

enum { BATCH = 4096 };

/* Reads until the buffer is full or stdin ends; returns the bytes read. */
static size_t read_fully(void *buf, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(0, (char *)buf + got, size - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    return got;
}

static int write_fully(const void *buf, size_t size)
{
    size_t put = 0;
    while (put < size) {
        ssize_t n = write(1, (const char *)buf + put, size - put);
        if (n <= 0)
            return -1;
        put += (size_t)n;
    }
    return 0;
}

int main(void)
{
    static request_t requests[BATCH];
    static response_t responses[BATCH];
    for (;;) {
        /* Answer partial batches too: the caller may wait for answers before
         * sending more, so never block on a full batch when one is short. */
        ssize_t n = read(0, requests, sizeof requests);
        if (n <= 0)
            return 0;
        size_t bytes = (size_t)n;
        if (bytes % sizeof(request_t) != 0)
            bytes += read_fully((char *)requests + bytes,
                                sizeof(request_t) - bytes % sizeof(request_t));
        size_t count = bytes / sizeof(request_t);
        for (size_t i = 0; i < count; i++)
            execute(&requests[i], &responses[i]);
        if (write_fully(responses, count * sizeof(response_t)) != 0)
            return 1;
        if (bytes % sizeof(request_t) != 0)
            return 2; /* truncated record at end of input */
    }
}
