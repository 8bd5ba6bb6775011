using Translator.Hart;
using Translator.Privileged;
using Xunit;

namespace Translator.Tests.Engines;

/// <summary>F and D: FS gating, rounding modes, NaN-boxing, flags and conversions.</summary>
public sealed class FloatingPointTests
{
    private const ulong Illegal = (ulong)ExceptionCause.IllegalInstruction;
    private const ulong BoxedCanonicalNaN = 0xFFFF_FFFF_7FC0_0000;
    private const ulong FsMask = MstatusBits.Fs;

    private static ulong FsOf(GuestRig rig) => rig.ReadCsr(CsrAddress.Mstatus) & FsMask;

    [Fact]
    public void SingleArithmeticIsBoxedAndMarksDirty()
    {
        var rig = GuestRig.Execute("""
            li t1, 0x3fc00000        # 1.5f
            fmv.w.x f1, t1
            li t2, 0x40100000        # 2.25f
            fmv.w.x f2, t2
            fadd.s f3, f1, f2        # 3.75f = 0x40700000
            fmul.s f4, f1, f2        # 3.375f = 0x40580000
            fmv.x.w a0, f3
            fcvt.w.s a1, f4          # rne: 3
            fcvt.w.s a2, f4, rup     # 4
            csrr a3, fflags          # inexact from the conversions
            """);
        Assert.Equal(0x4070_0000UL, rig["a0"]);
        Assert.Equal(0xFFFF_FFFF_4070_0000UL, rig.Hart.F[3]);
        Assert.Equal(0xFFFF_FFFF_4058_0000UL, rig.Hart.F[4]);
        Assert.Equal(3UL, rig["a1"]);
        Assert.Equal(4UL, rig["a2"]);
        Assert.Equal(1UL, rig["a3"]);
        Assert.Equal(MstatusBits.FsDirty, FsOf(rig));
    }

    [Fact]
    public void FpuOffMakesFloatingPointIllegal()
    {
        var rig = GuestRig.Execute("""
            li t1, 0x6000
            csrc mstatus, t1
            la a0, bad
        bad:
            fmv.w.x f1, x0
        """);
        Assert.Equal(Illegal, rig.X(GuestRig.Mcause));
        Assert.Equal(rig["a0"], rig.X(GuestRig.Mepc));
        Assert.Equal(0UL, FsOf(rig));
        Assert.Equal(0UL, rig.Hart.F[1]);
    }

    [Theory]
    [InlineData("fadd.s f1, f2, f3, rmm", false)]      // static RMM is fine
    [InlineData(".word 0x003170d3", false)]            // fadd.s f1,f2,f3 with rm = 7 (dyn), frm = 0
    [InlineData(".word 0x003150d3", true)]             // rm = 5: reserved
    [InlineData(".word 0x003160d3", true)]             // rm = 6: reserved
    public void StaticReservedRoundingModesAreIllegal(string instruction, bool illegal)
    {
        var rig = GuestRig.Execute(instruction + "\n");
        Assert.Equal(illegal ? Illegal : GuestRig.NoTrap, rig.X(GuestRig.Mcause));
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    [InlineData(6, true)]
    [InlineData(7, true)]
    public void DynamicRoundingModeChecksFrm(int frm, bool illegal)
    {
        var rig = GuestRig.Execute($"""
            csrwi frm, {frm}
            fadd.d f1, f2, f3        # dyn
            fsgnj.d f4, f2, f3       # no rounding mode: always legal
            """);
        Assert.Equal(illegal ? Illegal : GuestRig.NoTrap, rig.X(GuestRig.Mcause));
    }

    [Fact]
    public void ImproperlyBoxedSingleReadsAsCanonicalNaN()
    {
        var rig = GuestRig.Execute("""
            li t1, 0x3f800000        # 1.0f, but not boxed
            fmv.d.x f1, t1
            fadd.s f2, f1, f1        # canonical NaN (quiet: no flag)
            fsgnj.s f3, f1, f1       # sign injection also sees the canonical NaN
            fmv.x.w a0, f1           # transfers ignore the box: 1.0f
            fclass.s a1, f1          # quiet NaN
            li s0, 0x80080000
            fsw f1, 0(s0)            # stores the low 32 bits untouched
            lwu a2, 0(s0)
            li t2, 0xbf800000
            sw t2, 4(s0)
            flw f4, 4(s0)            # loads are boxed
            csrr a3, fflags
            """);
        Assert.Equal(BoxedCanonicalNaN, rig.Hart.F[2]);
        Assert.Equal(BoxedCanonicalNaN, rig.Hart.F[3]);
        Assert.Equal(0x3F80_0000UL, rig["a0"]);
        Assert.Equal(1UL << 9, rig["a1"]);
        Assert.Equal(0x3F80_0000UL, rig["a2"]);
        Assert.Equal(0xFFFF_FFFF_BF80_0000UL, rig.Hart.F[4]);
        Assert.Equal(0UL, rig["a3"]);
    }

    [Fact]
    public void FlagsAccumulateAcrossInstructions()
    {
        var rig = GuestRig.Execute("""
            li t1, 0x3ff0000000000000   # 1.0
            fmv.d.x f1, t1
            fmv.d.x f2, x0              # +0.0
            fdiv.d f3, f1, f2           # +inf, DZ
            fsub.d f4, f3, f3           # NaN, NV
            csrr a0, fflags
            fcvt.w.d a1, f4             # NaN converts to INT_MAX, NV
            fcvt.wu.d a2, f3            # +inf -> UINT_MAX, sign-extended on RV64
            feq.d a3, f4, f4            # quiet compare of quiet NaN: 0, no flag
            flt.d a4, f4, f1            # signalling compare: NV
            csrr a5, fflags
            """);
        Assert.Equal(0x7FF0_0000_0000_0000UL, rig.Hart.F[3]);
        Assert.Equal(0x7FF8_0000_0000_0000UL, rig.Hart.F[4]);
        Assert.Equal(0x18UL, rig["a0"]); // NV | DZ
        Assert.Equal(0x7FFF_FFFFUL, rig["a1"]);
        Assert.Equal(ulong.MaxValue, rig["a2"]);
        Assert.Equal(0UL, rig["a3"]);
        Assert.Equal(0UL, rig["a4"]);
        Assert.Equal(0x18UL, rig["a5"]);
    }

    [Fact]
    public void MinMaxSignInjectionAndConversions()
    {
        var rig = GuestRig.Execute("""
            li t1, 0x8000000000000000   # -0.0
            fmv.d.x f1, t1
            fmv.d.x f2, x0              # +0.0
            fmin.d f3, f1, f2           # -0.0
            fmax.d f4, f1, f2           # +0.0
            li t2, 0x7ff8000000000000
            fmv.d.x f5, t2
            fmin.d f6, f5, f2           # the non-NaN operand
            fsgnjn.d f7, f2, f2         # -0.0
            fsgnjx.d f8, f1, f1         # +0.0
            li t3, -3
            fcvt.d.l f9, t3
            fcvt.s.d f10, f9            # -3.0f
            fcvt.d.s f11, f10
            fcvt.lu.d a0, f9            # negative -> 0, NV
            fcvt.l.d a1, f11            # -3
            fclass.d a2, f1             # negative zero
            fmadd.d f12, f9, f9, f9     # 9 - 3 = 6
            fcvt.l.d a3, f12
            fsqrt.d f13, f12
            fmv.x.d a4, f13
            """);
        Assert.Equal(0x8000_0000_0000_0000UL, rig.Hart.F[3]);
        Assert.Equal(0UL, rig.Hart.F[4]);
        Assert.Equal(0UL, rig.Hart.F[6]);
        Assert.Equal(0x8000_0000_0000_0000UL, rig.Hart.F[7]);
        Assert.Equal(0UL, rig.Hart.F[8]);
        Assert.Equal(0xFFFF_FFFF_C040_0000UL, rig.Hart.F[10]);
        Assert.Equal(0UL, rig["a0"]);
        Assert.Equal(unchecked((ulong)-3L), rig["a1"]);
        Assert.Equal(1UL << 3, rig["a2"]);
        Assert.Equal(6UL, rig["a3"]);
        Assert.Equal(BitConverter.DoubleToUInt64Bits(Math.Sqrt(6)), rig["a4"]);
    }

    [Fact]
    public void ComparisonWithoutFlagsLeavesFsClean()
    {
        var rig = GuestRig.Execute("""
            li t1, 0x4000            # FS = Clean
            csrs mstatus, t1
            li t1, 0x2000
            csrc mstatus, t1
            feq.d a0, f0, f0
            fmv.x.d a1, f0
            """);
        Assert.Equal(1UL, rig["a0"]);
        Assert.Equal(2UL << MstatusBits.FsShift, FsOf(rig));
    }
}
