using Xunit;

namespace Translator.Tests.Engines;

/// <summary>RV64I, M, Zba/Zbb/Zbc/Zbs and compressed forms on the interpreter.</summary>
public sealed class IntegerTests
{
    [Fact]
    public void LoopSumsOneToHundred()
    {
        var rig = GuestRig.Execute("""
            li a0, 0
            li a1, 100
        1:  add a0, a0, a1
            addi a1, a1, -1
            bnez a1, 1b
        """);
        Assert.Equal(5050UL, rig["a0"]);
    }

    [Fact]
    public void X0StaysZero()
    {
        var rig = GuestRig.Execute("""
            .option norvc
            addi x0, x0, 5
            lui x0, 0x12345
            add a0, x0, x0
            """);
        Assert.Equal(0UL, rig.X(0));
        Assert.Equal(0UL, rig["a0"]);
    }

    [Fact]
    public void ImmediatesShiftsAndWordOps()
    {
        var rig = GuestRig.Execute("""
            li a0, -1
            srli a1, a0, 60          # 0xF
            srai a2, a0, 60          # -1
            li a3, 0x7fffffff
            addiw a3, a3, 1          # wraps to INT_MIN, sign-extended
            li a4, 1
            slli a4, a4, 63
            sraw a5, a4, x0          # low word of 1<<63 is 0
            li t1, 0x80000000
            srliw a6, t1, 4          # 0x08000000
            sraiw a7, t1, 4          # 0xf8000000 sign-extended
            li t2, 33
            sllw s2, a1, t2          # shift amount masked to 1
            slti s3, a0, 0
            sltiu s4, a0, 1          # unsigned: all ones < 1 is false
            lui s5, 0xfffff          # sign-extended upper immediate
            auipc s6, 0
            """);
        Assert.Equal(0xFUL, rig["a1"]);
        Assert.Equal(ulong.MaxValue, rig["a2"]);
        Assert.Equal(0xFFFF_FFFF_8000_0000UL, rig["a3"]);
        Assert.Equal(0UL, rig["a5"]);
        Assert.Equal(0x0800_0000UL, rig["a6"]);
        Assert.Equal(0xFFFF_FFFF_F800_0000UL, rig["a7"]);
        Assert.Equal(0x1EUL, rig["s2"]);
        Assert.Equal(1UL, rig["s3"]);
        Assert.Equal(0UL, rig["s4"]);
        Assert.Equal(0xFFFF_FFFF_FFFF_F000UL, rig["s5"]);
        Assert.Equal(0x8000_0000UL, rig["s6"] & 0xFFFF_FFFF_FF00_0000UL);
    }

    [Fact]
    public void BranchesCompareSignedAndUnsigned()
    {
        var rig = GuestRig.Execute("""
            li a0, 0
            li t1, -1
            li t2, 1
            blt t1, t2, 1f
            ori a0, a0, 1
        1:  bltu t1, t2, 2f
            ori a0, a0, 2
        2:  bge t2, t1, 3f
            ori a0, a0, 4
        3:  bgeu t2, t1, 4f
            ori a0, a0, 8
        4:  beq t1, t1, 5f
            ori a0, a0, 16
        5:  bne t1, t1, 6f
            ori a0, a0, 32
        6:
        """);
        Assert.Equal(2UL | 8UL | 32UL, rig["a0"]);
    }

    [Fact]
    public void JalAndJalrLinkAndClearBitZero()
    {
        var rig = GuestRig.Execute("""
            .option norvc
            jal ra, 1f
        0:  j 2f
        1:  la t1, 3f
            addi t1, t1, 1           # odd target: jalr clears bit 0
            jalr s2, 0(t1)
        3:  mv a0, ra
            la a1, 0b
            jalr x0, 0(ra)
        2:
        """);
        Assert.Equal(rig["a1"], rig["a0"]);
        Assert.Equal(rig["a1"] + 16, rig["s2"] - 4);
    }

    [Fact]
    public void DivisionCorners()
    {
        var rig = GuestRig.Execute("""
            li t1, 7
            li t2, 0
            div a0, t1, t2           # -1
            divu a1, t1, t2          # all ones
            rem a2, t1, t2           # 7
            remu a3, t1, t2          # 7
            li t3, 1
            slli t3, t3, 63          # INT64_MIN
            li t4, -1
            div a4, t3, t4           # INT64_MIN
            rem a5, t3, t4           # 0
            li t5, 0x80000000        # low word INT32_MIN
            divw a6, t5, t4          # INT32_MIN sign-extended
            remw a7, t5, t4          # 0
            divuw s2, t1, t2         # all ones
            remuw s3, t5, t2         # dividend's low word, sign-extended
            remw s4, t1, t2          # 7
            li t6, -7
            div s5, t6, t3           # 0
            rem s6, t6, t1           # -0 → 0 ; -7 % 7
            li t0, -8
            div s7, t0, t1           # -1 (truncates toward zero)
            rem s8, t0, t1           # -1
            divuw s9, t0, t1         # 0xfffffff8 / 7 = 0x24924923, positive
            """);
        Assert.Equal(ulong.MaxValue, rig["a0"]);
        Assert.Equal(ulong.MaxValue, rig["a1"]);
        Assert.Equal(7UL, rig["a2"]);
        Assert.Equal(7UL, rig["a3"]);
        Assert.Equal(1UL << 63, rig["a4"]);
        Assert.Equal(0UL, rig["a5"]);
        Assert.Equal(0xFFFF_FFFF_8000_0000UL, rig["a6"]);
        Assert.Equal(0UL, rig["a7"]);
        Assert.Equal(ulong.MaxValue, rig["s2"]);
        Assert.Equal(0xFFFF_FFFF_8000_0000UL, rig["s3"]);
        Assert.Equal(7UL, rig["s4"]);
        Assert.Equal(0UL, rig["s5"]);
        Assert.Equal(0UL, rig["s6"]);
        Assert.Equal(ulong.MaxValue, rig["s7"]);
        Assert.Equal(ulong.MaxValue, rig["s8"]);
        Assert.Equal(0xFFFF_FFF8UL / 7, rig["s9"]);
    }

    [Fact]
    public void MultiplyHighForms()
    {
        var rig = GuestRig.Execute("""
            li t1, -1
            li t2, 3
            mulh a0, t1, t2          # -3 >> 64 = -1
            mulhu a1, t1, t2         # 2
            mulhsu a2, t1, t2        # -1 * 3 signed x unsigned: high = -1
            mulhsu a3, t2, t1        # 3 * (2^64-1): high = 2
            li t3, 0x10000
            mulw a4, t3, t3          # 2^32 truncated to 0
            mul a5, t1, t2           # -3
            """);
        Assert.Equal(ulong.MaxValue, rig["a0"]);
        Assert.Equal(2UL, rig["a1"]);
        Assert.Equal(ulong.MaxValue, rig["a2"]);
        Assert.Equal(2UL, rig["a3"]);
        Assert.Equal(0UL, rig["a4"]);
        Assert.Equal(unchecked((ulong)-3L), rig["a5"]);
    }

    [Fact]
    public void BitManipulation()
    {
        var rig = GuestRig.Execute("""
            li t1, 0x0000ff0000000100
            clz a0, t1               # 16
            ctz a1, t1               # 8
            cpop a2, t1              # 9
            clzw a3, x0              # 32
            ctz a4, x0               # 64
            orc.b a5, t1             # 0x0000ff0000000100 -> 0x0000ff000000ff00
            rev8 a6, t1
            li t2, 5
            sh2add a7, t2, t2        # 25
            li t3, -1
            add.uw s2, t3, x0        # 0xffffffff
            slli.uw s3, t3, 4        # 0xffffffff0
            bext s4, t1, t2          # bit 5 of t1: 0
            bseti s5, x0, 63
            binvi s6, t1, 8          # clears bit 8
            rori s7, t2, 1           # 0x8000000000000002
            roriw s8, t2, 1          # 0x80000002 sign-extended
            sext.b s9, t1            # low byte 0x00
            li t4, 0x1ff
            sext.b s10, t4           # -1
            zext.h s11, t3           # 0xffff
            min t5, t3, t2           # -1
            minu t6, t3, t2          # 5
            andn t0, t3, t2          # ~5
            """);
        Assert.Equal(16UL, rig["a0"]);
        Assert.Equal(8UL, rig["a1"]);
        Assert.Equal(9UL, rig["a2"]);
        Assert.Equal(32UL, rig["a3"]);
        Assert.Equal(64UL, rig["a4"]);
        Assert.Equal(0x0000_FF00_0000_FF00UL, rig["a5"]);
        Assert.Equal(0x0001_0000_00FF_0000UL, rig["a6"]);
        Assert.Equal(25UL, rig["a7"]);
        Assert.Equal(0xFFFF_FFFFUL, rig["s2"]);
        Assert.Equal(0xF_FFFF_FFF0UL, rig["s3"]);
        Assert.Equal(0UL, rig["s4"]);
        Assert.Equal(1UL << 63, rig["s5"]);
        Assert.Equal(0x0000_FF00_0000_0000UL, rig["s6"]);
        Assert.Equal(0x8000_0000_0000_0002UL, rig["s7"]);
        Assert.Equal(0xFFFF_FFFF_8000_0002UL, rig["s8"]);
        Assert.Equal(0UL, rig["s9"]);
        Assert.Equal(ulong.MaxValue, rig["s10"]);
        Assert.Equal(0xFFFFUL, rig["s11"]);
        Assert.Equal(ulong.MaxValue, rig["t5"]);
        Assert.Equal(5UL, rig["t6"]);
        Assert.Equal(~5UL, rig["t0"]);
    }

    [Fact]
    public void CompressedInstructionsExecuteLikeTheirExpansions()
    {
        var rig = GuestRig.Execute("""
            .option rvc
            c.li a0, 5
            c.addi a0, 3             # 8
            c.slli a0, 2             # 32
            c.mv a1, a0
            c.add a1, a0             # 64
            c.addiw a1, -1           # 63
            c.li a2, -1
            c.srli a2, 60            # 15  (a2 is x12, c.srli needs x8..x15)
            c.andi a2, 6             # 6
            """);
        Assert.Equal(32UL, rig["a0"]);
        Assert.Equal(63UL, rig["a1"]);
        Assert.Equal(6UL, rig["a2"]);
    }
}
