using Xunit;

namespace Translator.Tests.Engines.Translation;

/// <summary>
/// F and D compiled by the translator (Emit.FloatingPoint.cs) against the interpreter: boundary operands for every
/// rounding mode, NaN-boxing, FS = Off and reserved frm inside a compiled block, flags and FS = Initial/Dirty
/// tracking, reads of frm and fcsr, and f-register loads and stores including a faulting one. <see cref="TranslatorMatchesInterpreterTests"/>
/// runs each snippet with every block compiled on first entry and after a few interpreted entries in small slices;
/// the whole state must match.
/// </summary>
public static class TranslatedFloatingPointTests
{
    // Edge-case doubles, then singles (as the low words of the next table).
    private const string Values = """
            j done
            .balign 8
        doubles:
            .dword 0x0000000000000000, 0x8000000000000000, 0x0000000000000001, 0x000fffffffffffff
            .dword 0x0010000000000000, 0x7fefffffffffffff, 0x7ff0000000000000, 0xfff0000000000000
            .dword 0x7ff8000000000000, 0x7ff0000000000001, 0x3ff0000000000000, 0x4008000000000000
            .dword 0x3fb999999999999a, 0xbff0000000000001, 0x4340000000000001, 0x3ca0000000000000
        singles:
            .word 0x00000000, 0x80000000, 0x00000001, 0x007fffff
            .word 0x00800000, 0x7f7fffff, 0x7f800000, 0xff800000
            .word 0x7fc00000, 0x7f800001, 0x3f800000, 0x40400000
            .word 0x3dcccccd, 0xbf800001, 0x4b800001, 0x33800000
        scratch:
            .space 64
        done:
        """;

    // For each pair (i, j) of the 16 values, a block of arithmetic in the current frm whose results and flags are
    // folded into a0/a1 (so that every intermediate counts), then the next frm.
    private const string DoubleSweep = """
            la s0, doubles
            li s2, 0             # frm
        frm_loop:
            csrw frm, s2
            li s3, 0             # i
        i_loop:
            slli t0, s3, 3
            add t0, t0, s0
            fld fa0, 0(t0)
            li s4, 0             # j
        j_loop:
            slli t1, s4, 3
            add t1, t1, s0
            fld fa1, 0(t1)
            fadd.d fa2, fa0, fa1
            fsub.d fa3, fa0, fa1
            fmul.d fa4, fa0, fa1
            fdiv.d fa5, fa0, fa1
            fsqrt.d fa6, fa0
            fmadd.d fa7, fa0, fa1, fa2
            fnmsub.d ft0, fa0, fa1, fa3
            fmsub.d ft1, fa1, fa1, fa0
            fnmadd.d ft2, fa0, fa0, fa1
            fmin.d ft3, fa0, fa1
            fmax.d ft4, fa0, fa1
            fsgnjn.d ft5, fa0, fa1
            fsgnjx.d ft6, fa1, fa0
            fcvt.s.d ft7, fa2
            fcvt.d.s ft8, ft7
            fcvt.w.d t2, fa4
            fcvt.lu.d t3, fa5
            feq.d a2, fa0, fa1
            flt.d a3, fa0, fa1
            fle.d a4, fa1, fa0
            fclass.d a5, fa7
            fmv.x.d a6, fa7
            add a0, a0, a6
            fmv.x.d a6, ft0
            xor a0, a0, a6
            fmv.x.d a6, ft1
            add a0, a0, a6
            fmv.x.d a6, ft2
            xor a0, a0, a6
            fmv.x.d a6, ft8
            add a0, a0, a6
            fmv.x.d a6, fa5
            xor a0, a0, a6
            fmv.x.d a6, fa6
            add a0, a0, a6
            add a0, a0, t2
            xor a0, a0, t3
            add a1, a1, a2
            add a1, a1, a3
            add a1, a1, a4
            add a1, a1, a5
            frflags a7
            slli a1, a1, 1
            xor a1, a1, a7
            fsflags x0
            addi s4, s4, 1
            li t4, 16
            blt s4, t4, j_loop
            addi s3, s3, 1
            blt s3, t4, i_loop
            addi s2, s2, 1
            li t4, 5
            blt s2, t4, frm_loop
        """;

    private const string SingleSweep = """
            la s0, singles
            li s2, 0
        frm_loop:
            csrw frm, s2
            li s3, 0
        i_loop:
            slli t0, s3, 2
            add t0, t0, s0
            flw fa0, 0(t0)
            li s4, 0
        j_loop:
            slli t1, s4, 2
            add t1, t1, s0
            flw fa1, 0(t1)
            fadd.s fa2, fa0, fa1
            fsub.s fa3, fa0, fa1
            fmul.s fa4, fa0, fa1
            fdiv.s fa5, fa0, fa1
            fsqrt.s fa6, fa0
            fmadd.s fa7, fa0, fa1, fa2
            fnmadd.s ft0, fa0, fa1, fa3
            fmin.s ft1, fa0, fa1
            fmax.s ft2, fa1, fa0
            fsgnjn.s ft3, fa0, fa1
            fcvt.d.s ft4, fa4
            fcvt.s.d ft5, ft4
            fcvt.w.s t2, fa5
            fcvt.l.s t3, fa2
            fcvt.s.l ft6, t3
            fcvt.s.wu ft7, t2
            feq.s a2, fa0, fa1
            flt.s a3, fa0, fa1
            fclass.s a5, fa7
            fmv.x.w a6, fa7
            add a0, a0, a6
            fmv.x.w a6, ft0
            xor a0, a0, a6
            fmv.x.w a6, ft5
            add a0, a0, a6
            fmv.x.w a6, ft6
            xor a0, a0, a6
            fmv.x.w a6, ft7
            add a0, a0, a6
            add a0, a0, t2
            xor a0, a0, t3
            add a1, a1, a2
            add a1, a1, a3
            add a1, a1, a5
            frflags a7
            slli a1, a1, 1
            xor a1, a1, a7
            fsflags x0
            addi s4, s4, 1
            li t4, 16
            blt s4, t4, j_loop
            addi s3, s3, 1
            blt s3, t4, i_loop
            addi s2, s2, 1
            li t4, 5
            blt s2, t4, frm_loop
        """;

    // Every fused multiply-add of three table values (and fcvt.s.d, fmin.d, fmax.d of them), in RNE and in the dynamic
    // mode (frm RNE), first with fflags.NX clear and then with it set (the inline paths that need NX run only then, and
    // only for normal, finite results); then integer-to-double conversions on both sides of 2^53 and rtz truncations.
    private const string FusedAndConversions = """
            la s0, doubles
            li s5, 0             # 0: NX clear at each step, 1: NX set
        nx_loop:
            li s3, 0
        i_loop:
            slli t0, s3, 3
            add t0, t0, s0
            fld fa0, 0(t0)
            li s4, 0
        j_loop:
            slli t1, s4, 3
            add t1, t1, s0
            fld fa1, 0(t1)
            li s6, 0
        k_loop:
            slli t2, s6, 3
            add t2, t2, s0
            fld fa2, 0(t2)
            slli t3, s5, 0
            fsflags t3           # NX (bit 0) as s5 says
            fmadd.d fa3, fa0, fa1, fa2
            fmsub.d fa4, fa0, fa1, fa2, rne
            fnmsub.d fa5, fa0, fa1, fa2
            fnmadd.d fa6, fa0, fa1, fa2, rne
            fcvt.s.d ft3, fa2
            fmin.d ft4, fa0, fa1
            fmax.d ft5, fa1, fa2
            fmv.x.d a6, ft3
            add a3, a3, a6
            fmv.x.d a6, ft4
            xor a3, a3, a6
            fmv.x.d a6, ft5
            add a3, a3, a6
            fmv.x.d a6, fa3
            add a0, a0, a6
            fmv.x.d a6, fa4
            xor a0, a0, a6
            fmv.x.d a6, fa5
            add a0, a0, a6
            fmv.x.d a6, fa6
            xor a0, a0, a6
            frflags a7
            slli a1, a1, 1
            xor a1, a1, a7
            addi s6, s6, 1
            li t4, 16
            blt s6, t4, k_loop
            addi s4, s4, 1
            blt s4, t4, j_loop
            addi s3, s3, 1
            blt s3, t4, i_loop
            addi s5, s5, 1
            li t4, 2
            blt s5, t4, nx_loop

            la s0, integers
            li s3, 0
        c_loop:
            slli t0, s3, 3
            add t0, t0, s0
            ld t1, 0(t0)
            fsflags x0
            fcvt.d.w fa0, t1
            fcvt.d.wu fa1, t1
            fcvt.d.l fa2, t1
            fcvt.d.lu fa3, t1
            fcvt.d.l fa4, t1, rtz
            fcvt.d.lu fa5, t1, rup
            fmv.x.d a6, fa0
            add a2, a2, a6
            fmv.x.d a6, fa1
            xor a2, a2, a6
            fmv.x.d a6, fa2
            add a2, a2, a6
            fmv.x.d a6, fa3
            xor a2, a2, a6
            fmv.x.d a6, fa4
            add a2, a2, a6
            fmv.x.d a6, fa5
            xor a2, a2, a6
            frflags a7
            slli a3, a3, 1
            xor a3, a3, a7
            addi s3, s3, 1
            li t4, 14
            blt s3, t4, c_loop

            la s0, truncations   # fcvt.w.d and fcvt.l.d with rtz around their ranges' ends
            li s3, 0
        t_loop:
            slli t0, s3, 3
            add t0, t0, s0
            fld fa0, 0(t0)
            fsflags x0
            fcvt.w.d t1, fa0, rtz
            fcvt.l.d t2, fa0, rtz
            add a4, a4, t1
            xor a4, a4, t2
            frflags a7
            slli a5, a5, 1
            xor a5, a5, a7
            addi s3, s3, 1
            li t4, 28
            blt s3, t4, t_loop
            j integers_done
            .balign 8
        truncations:
            .double 2147483647.5, 2147483648.0, -2147483648.5, -2147483649.0, -2147483648.0, 1.5, -1.5, -0.0
            .double 9223372036854774784.0, 9223372036854775808.0, -9223372036854775808.0, -9223372036854777856.0, 0.25, -0.75, 4503599627370497.0, 1e300
            .dword 0x0000000000000000, 0x8000000000000000, 0x0000000000000001, 0x000fffffffffffff
            .dword 0x0010000000000000, 0x7fefffffffffffff, 0x7ff0000000000000, 0xfff0000000000000
            .dword 0x7ff8000000000000, 0x7ff0000000000001, 0x3ff0000000000000, 0xbff0000000000001
        integers:
            .dword 0, 1, -1, 0x7fffffff, -0x80000000, 0xffffffff, 0x20000000000000, 0x20000000000001
            .dword -0x20000000000000, -0x20000000000001, 0x7fffffffffffffff, -0x8000000000000000, -2, 0x1fffffffffffff
        integers_done:
        """;

    // Single precision with fflags.NX set before each step (so the inline paths run), in RNE and the dynamic mode,
    // then once with an operand that is not NaN-boxed.
    private const string SinglesWithInexactSet = """
            la s0, singles
            li s3, 0
        i_loop:
            slli t0, s3, 2
            add t0, t0, s0
            flw fa0, 0(t0)
            li s4, 0
        j_loop:
            slli t1, s4, 2
            add t1, t1, s0
            flw fa1, 0(t1)
            li t3, 1
            fsflags t3
            fadd.s fa2, fa0, fa1
            fsub.s fa3, fa0, fa1, rne
            fmul.s fa4, fa0, fa1
            fdiv.s fa5, fa0, fa1, rne
            fsqrt.s fa6, fa1
            fcvt.d.s fa7, fa0
            feq.s a2, fa0, fa1
            flt.s a3, fa1, fa0
            fle.s a4, fa0, fa1
            fmadd.s ft0, fa0, fa1, fa2
            fmsub.s ft1, fa1, fa0, fa3, rne
            fnmsub.s ft2, fa0, fa0, fa1
            fnmadd.s ft3, fa1, fa1, fa0
            fmv.x.d a6, ft0
            add a0, a0, a6
            fmv.x.d a6, ft1
            xor a0, a0, a6
            fmv.x.d a6, ft2
            add a0, a0, a6
            fmv.x.d a6, ft3
            xor a0, a0, a6
            fmv.x.d a6, fa2
            add a0, a0, a6
            fmv.x.d a6, fa3
            xor a0, a0, a6
            fmv.x.d a6, fa4
            add a0, a0, a6
            fmv.x.d a6, fa5
            xor a0, a0, a6
            fmv.x.d a6, fa6
            add a0, a0, a6
            fmv.x.d a6, fa7
            xor a0, a0, a6
            add a1, a1, a2
            slli a1, a1, 1
            add a1, a1, a3
            slli a1, a1, 1
            add a1, a1, a4
            frflags a7
            slli a1, a1, 1
            xor a1, a1, a7
            addi s4, s4, 1
            li t4, 16
            blt s4, t4, j_loop
            addi s3, s3, 1
            blt s3, t4, i_loop
            # (24929 * 2^-14) * (673 * 2^-10) = 1 + 2^-24, a midpoint between singles; + 2^-60 puts the exact sum just
            # above it, but a double FMA rounds it onto the midpoint, and rounding that to single would tie to 1.0.
            li t0, 0x3fc2c200
            fmv.w.x fa0, t0
            li t0, 0x3f284000
            fmv.w.x fa1, t0
            li t0, 0x21800000
            fmv.w.x fa2, t0
            li t3, 1
            fsflags t3
            fmadd.s fa3, fa0, fa1, fa2
            fmv.x.w s5, fa3              # 1 + 2^-23: 0x3f800001
            frflags s6
            li t0, 0x3ff0000000000000   # 1.0 as a double: not a boxed single
            fmv.d.x fa0, t0
            fadd.s fa2, fa0, fa1
            feq.s a2, fa0, fa0
            fcvt.d.s fa3, fa0
            fmv.x.d a3, fa2
            fmv.x.d a4, fa3
            frflags a5
        """;

    public static TheoryData<string, string> Snippets => new()
    {
        { "singles-with-inexact-set", SinglesWithInexactSet + "\n" + Values },
        { "fused-and-conversions", FusedAndConversions + "\n" + Values },
        { "double-sweep", DoubleSweep + "\n" + Values },
        { "single-sweep", SingleSweep + "\n" + Values },
        { "static-rounding-modes", """
            la s0, doubles
            fld fa0, 96(s0)      # 0.1
            fld fa1, 88(s0)      # 3.0
            fdiv.d fa2, fa0, fa1, rne
            fdiv.d fa3, fa0, fa1, rtz
            fdiv.d fa4, fa0, fa1, rdn
            fdiv.d fa5, fa0, fa1, rup
            fdiv.d fa6, fa0, fa1, rmm
            fsub.d fa7, fa0, fa0, rdn   # -0 only when rounding down
            li t0, 0x4340000000000001
            fcvt.d.l ft0, t0, rup
            fcvt.s.l ft1, t0, rtz
            fcvt.wu.d t1, fa2, rup
            frflags a0
            csrr a1, mstatus
        """ + "\n" + Values },
        { "nan-boxing", """
            li t0, 0x000000003f800000   # 1.0f, not boxed: reads as the canonical NaN
            fmv.d.x fa0, t0
            li t1, 0xffffffff40000000   # 2.0f, boxed
            fmv.d.x fa1, t1
            fadd.s fa2, fa0, fa1
            fadd.s fa3, fa1, fa1
            fsgnj.s fa4, fa1, fa0
            fmv.x.w a0, fa0             # moves the low word untouched
            fcvt.d.s fa5, fa0
            la s0, scratch
            fsw fa0, 0(s0)              # stores the low word untouched
            flw fa6, 0(s0)              # boxed on load
            fsd fa0, 8(s0)
            fmv.w.x fa7, t0
            feq.s a1, fa0, fa1
            frflags a2
        """ + "\n" + Values },
        { "memory", """
            la s0, scratch
            la s1, doubles
            fld fa0, 40(s1)
            fsd fa0, 3(s0)              # misaligned
            fld fa1, 3(s0)
            fsw fa0, 13(s0)
            flw fa2, 13(s0)
            fsd fa1, 24(s0)
            fmv.d.x fa3, x0
            li s2, 0x1000               # nothing there: the load faults inside the block
            fld fa3, 0(s2)
        """ + "\n" + Values },
        { "fs-off-inside-a-block", """
            la s0, doubles
            fld fa0, 80(s0)
            fadd.d fa1, fa0, fa0
            li t0, 0x6000
            csrc mstatus, t0
            addi a0, a0, 1
            addi a1, a1, 2
            fadd.d fa2, fa0, fa0        # illegal: FS = Off
        """ + "\n" + Values },
        { "reserved-frm-inside-a-block", """
            la s0, doubles
            fld fa0, 80(s0)
            csrwi frm, 5
            fadd.d fa1, fa0, fa0, rne   # a static mode is still fine
            addi a0, a0, 1
            fadd.d fa2, fa0, fa0        # illegal: dynamic with frm = 5
        """ + "\n" + Values },
        // Sums whose exactness the inline fadd.d/fsub.d path decides (NX cleared before each, so every one counts).
        { "sum-exactness", """
            la s0, sums
            li s1, 13
        sum_loop:
            fld fa0, 0(s0)
            fld fa1, 8(s0)
            fsflags x0
            fadd.d fa2, fa0, fa1
            frflags t0
            fsflags x0
            fsub.d fa3, fa0, fa1
            frflags t1
            slli a0, a0, 5
            add a0, a0, t0
            slli a1, a1, 5
            add a1, a1, t1
            fmv.x.d t2, fa2
            xor a2, a2, t2
            fmv.x.d t3, fa3
            xor a3, a3, t3
            addi s0, s0, 16
            addi s1, s1, -1
            bnez s1, sum_loop
            j sums_end
            .balign 8
        sums:
            .dword 0x3ff0000000000000, 0x3ca0000000000000   # 1 + 2^-53: a tie, rounds to 1
            .dword 0x3ff0000000000000, 0x3cb0000000000000   # 1 + 2^-52: exact
            .dword 0x4340000000000000, 0x3ff0000000000000   # 2^53 + 1: inexact
            .dword 0x4340000000000000, 0x4000000000000000   # 2^53 + 2: exact
            .dword 0x3fb999999999999a, 0x3fc999999999999a   # 0.1 + 0.2: inexact
            .dword 0x3ff0000000000000, 0xbfefffffffffffff   # 1 - (1 - 2^-53): exact (Sterbenz)
            .dword 0x7fdfffffffffffff, 0x7fdfffffffffffff   # twice the largest below 2^1023: exact
            .dword 0x0010000000000000, 0x0000000000000001   # 2^-1022 + the smallest subnormal: exact
            .dword 0x3ff0000000000001, 0xbff0000000000000   # (1 + 2^-52) - 1: exact
            .dword 0x4330000000000001, 0x3fe0000000000000   # (2^52 + 1) + 0.5: a tie to even
            .dword 0x0000000000000000, 0x8000000000000000   # +0 + -0
            .dword 0xc000000000000000, 0x3cb0000000000000   # -2 + 2^-52: exact
            .dword 0x3c30000000000000, 0x3ff0000000000000   # 2^-60 + 1: inexact, though (sum - 2^-60) == 1
        sums_end:
        """ },
        { "fflags-accesses", """
            la s0, doubles
            fld fa0, 96(s0)      # 0.1
            fld fa1, 88(s0)      # 3.0
            fdiv.d fa2, fa0, fa1 # NX
            frflags a0
            fld fa3, 64(s0)      # canonical NaN
            flt.d a1, fa3, fa0   # NV
            fsflags a2, a0
            csrrsi a3, fflags, 4
            csrrci a4, fflags, 1
            csrrs a5, fflags, x0
            csrrc x0, fflags, x0
            li t0, 0x3f
            csrrw a6, fflags, t0
            fdiv.d fa4, fa0, fa1
            csrrwi a7, fflags, 0
            fdiv.d fa5, fa0, fa1
            li t1, 6
            csrrc s2, fflags, t1
            fscsr s3, x0         # fcsr: left to the interpreter
        """ + "\n" + Values },
        { "inexact-known-at-entry", """
            la s0, doubles
            fld fa0, 96(s0)      # 0.1
            fld fa1, 88(s0)      # 3.0
            csrwi fflags, 1      # NX set before the next block starts: its inexact results add nothing
            j 1f
        1:  fdiv.d fa2, fa0, fa1
            fmul.d fa3, fa0, fa1
            frflags a0
            csrwi fflags, 0      # cleared inside the block: the next inexact result must raise NX again
            fadd.d fa4, fa1, fa1 # exact
            frflags a1
            fadd.d fa5, fa0, fa1
            frflags a2
            fsflags x0
            fsqrt.d fa6, fa1
            frflags a3
            csrrci x0, fflags, 1
            fsub.d fa7, fa1, fa0
            fmul.d ft0, fa1, fa1 # exact
            frflags a4
            csrwi fflags, 0
            fdiv.d ft1, fa1, fa1 # exact
            fmul.d ft2, fa1, fa1 # exact
            frflags a5
        """ + "\n" + Values },
        { "fflags-with-fs-initial", """
            li t0, 0x6000
            csrc mstatus, t0
            li t0, 0x2000
            csrs mstatus, t0     # FS = Initial
            frflags a0           # a read: stays Initial
            csrrs a1, fflags, x0
            addi a2, a2, 1
            csrr a3, mstatus
            fsflags x0           # a write: Dirty
            csrr a4, mstatus
        """ },
        { "frm-and-fcsr-reads", """
            la s0, doubles
            fld fa0, 96(s0)      # 0.1
            fld fa1, 88(s0)      # 3.0
            li s1, 0             # frm, 0..4
            li s2, 0
        1:  csrw frm, s1
            csrwi fflags, 0
            frrm a0
            fdiv.d fa2, fa0, fa1 # inexact: NX pending in the block
            frcsr a1             # frm above fflags, with the pending NX
            csrrs a2, fcsr, x0
            csrrsi a3, fcsr, 0
            csrrci a4, frm, 0
            csrrc a5, frm, x0
            slli s2, s2, 1
            add s2, s2, a0
            xor s2, s2, a1
            add s2, s2, a3
            add s2, s2, a5
            addi s1, s1, 1
            slti t0, s1, 5
            bnez t0, 1b
        """ + "\n" + Values },
        { "frm-read-with-fs-off", """
            li t0, 0x6000
            csrc mstatus, t0
            addi a0, a0, 1
            frrm a1              # illegal
        """ },
        { "fflags-with-fs-off", """
            li t0, 0x6000
            csrc mstatus, t0
            addi a0, a0, 1
            frflags a1           # illegal
        """ },
        { "fs-initial-stays-clean", """
            la s0, doubles
            li t0, 0x6000
            csrc mstatus, t0
            li t0, 0x2000
            csrs mstatus, t0            # FS = Initial
            fsd fa0, 0(s0)              # reads only: stays Initial
            feq.d a0, fa0, fa0          # no flags: stays Initial
            fmv.x.d a1, fa0
            fclass.d a2, fa0
            csrr a3, mstatus
            flt.d a4, fa0, fa0          # still no flag for +0 < +0
            csrr a5, mstatus
            fld fa1, 64(s0)             # canonical NaN
            flt.d a6, fa1, fa0          # Invalid: FS = Dirty
            csrr a7, mstatus
            j done2
        done2:
        """ + "\n" + Values },
    };
}
