using Translator.Hart;
using Xunit;

namespace Translator.Tests.Engines;

/// <summary>Loads, stores, AMOs and LR/SC.</summary>
public sealed class MemoryTests
{
    private const string DataArea = "li s0, 0x80080000\n";

    [Fact]
    public void LoadsExtendByWidthAndSignedness()
    {
        var rig = GuestRig.Execute(DataArea + """
            li t1, 0x8182838485868788
            sd t1, 0(s0)
            lb a0, 0(s0)
            lbu a1, 0(s0)
            lh a2, 0(s0)
            lhu a3, 0(s0)
            lw a4, 4(s0)
            lwu a5, 4(s0)
            ld a6, 0(s0)
            sb t1, 8(s0)
            sh t1, 10(s0)
            sw t1, 12(s0)
            ld a7, 8(s0)
            """);
        Assert.Equal(0xFFFF_FFFF_FFFF_FF88UL, rig["a0"]);
        Assert.Equal(0x88UL, rig["a1"]);
        Assert.Equal(0xFFFF_FFFF_FFFF_8788UL, rig["a2"]);
        Assert.Equal(0x8788UL, rig["a3"]);
        Assert.Equal(0xFFFF_FFFF_8182_8384UL, rig["a4"]);
        Assert.Equal(0x8182_8384UL, rig["a5"]);
        Assert.Equal(0x8182_8384_8586_8788UL, rig["a6"]);
        Assert.Equal(0x8586_8788_8788_0088UL, rig["a7"]);
    }

    [Fact]
    public void MisalignedRegularAccessesArePerformed()
    {
        var rig = GuestRig.Execute(DataArea + """
            li t1, 0x1122334455667788
            sd t1, 3(s0)
            ld a0, 3(s0)
            lw a1, 5(s0)
            """);
        Assert.Equal(0x1122_3344_5566_7788UL, rig["a0"]);
        Assert.Equal(0x3344_5566UL, rig["a1"]);
        Assert.Equal(GuestRig.NoTrap, rig.X(GuestRig.Mcause));
    }

    [Fact]
    public void LoadFromUnmappedAddressRaisesAccessFault()
    {
        var rig = GuestRig.Execute("""
            li t1, 0x1000
            li a0, 1
        fault:
            ld a0, 8(t1)
            li a0, 2
        """);
        Assert.Equal((ulong)ExceptionCause.LoadAccessFault, rig.X(GuestRig.Mcause));
        Assert.Equal(0x1008UL, rig.X(GuestRig.Mtval));
        Assert.Equal(1UL, rig["a0"]); // the faulting load wrote nothing
    }

    [Fact]
    public void StoreToUnmappedAddressRaisesStoreAccessFault()
    {
        var rig = GuestRig.Execute("""
            li t1, 0x2000
            sw t1, 4(t1)
            """);
        Assert.Equal((ulong)ExceptionCause.StoreAccessFault, rig.X(GuestRig.Mcause));
        Assert.Equal(0x2004UL, rig.X(GuestRig.Mtval));
    }

    [Fact]
    public void AmosReturnOldValueSignExtendedAndCombine()
    {
        var rig = GuestRig.Execute(DataArea + """
            li t1, 0x7fffffff
            sw t1, 0(s0)
            li t2, 1
            amoadd.w a0, t2, (s0)    # old 0x7fffffff, new 0x80000000
            lw a1, 0(s0)
            li t3, -5
            amomin.w a2, t3, (s0)    # old INT_MIN: stays (signed min)
            lw a3, 0(s0)
            amominu.w a4, t3, (s0)   # unsigned: 0x80000000 < 0xfffffffb, stays
            lw a5, 0(s0)
            amomaxu.w a6, t3, (s0)   # becomes 0xfffffffb
            lw a7, 0(s0)
            li t4, 0x123456789
            sd t4, 8(s0)
            addi s1, s0, 8
            amoswap.d s2, t2, (s1)
            ld s3, 8(s0)
            amoxor.d s4, t4, (s1)    # 1 ^ t4
            ld s5, 8(s0)
            amoor.d x0, t2, (s1)     # rd = x0 still updates memory
            ld s6, 8(s0)
            amomax.d s7, t3, (s1)    # signed: -5 < value, unchanged
            ld s8, 8(s0)
            """);
        Assert.Equal(0x7FFF_FFFFUL, rig["a0"]);
        Assert.Equal(0xFFFF_FFFF_8000_0000UL, rig["a1"]);
        Assert.Equal(0xFFFF_FFFF_8000_0000UL, rig["a2"]);
        Assert.Equal(0xFFFF_FFFF_8000_0000UL, rig["a3"]);
        Assert.Equal(0xFFFF_FFFF_8000_0000UL, rig["a5"]);
        Assert.Equal(0xFFFF_FFFF_FFFF_FFFBUL, rig["a7"]);
        Assert.Equal(0x1_2345_6789UL, rig["s2"]);
        Assert.Equal(1UL, rig["s3"]);
        Assert.Equal(0x1_2345_6788UL, rig["s5"]);
        Assert.Equal(0x1_2345_6789UL, rig["s6"]);
        Assert.Equal(0x1_2345_6789UL, rig["s8"]);
    }

    [Fact]
    public void MisalignedAmoRaisesStoreMisaligned()
    {
        var rig = GuestRig.Execute(DataArea + """
            addi s1, s0, 2
            amoadd.w a0, t1, (s1)
            """);
        Assert.Equal((ulong)ExceptionCause.StoreAddressMisaligned, rig.X(GuestRig.Mcause));
        Assert.Equal(0x8008_0002UL, rig.X(GuestRig.Mtval));
    }

    [Fact]
    public void MisalignedLoadReservedRaisesLoadMisaligned()
    {
        var rig = GuestRig.Execute(DataArea + """
            addi s1, s0, 4
            lr.d a0, (s1)
            """);
        Assert.Equal((ulong)ExceptionCause.LoadAddressMisaligned, rig.X(GuestRig.Mcause));
        Assert.Equal(0x8008_0004UL, rig.X(GuestRig.Mtval));
    }

    [Fact]
    public void LoadReservedStoreConditionalSucceedsOnceOnTheSameAddress()
    {
        var rig = GuestRig.Execute(DataArea + """
            li t1, -2
            sw t1, 0(s0)
            lr.w a0, (s0)            # sign-extended
            li t2, 42
            sc.w a1, t2, (s0)        # succeeds: 0
            lw a2, 0(s0)
            li t3, 99
            sc.w a3, t3, (s0)        # reservation consumed: fails with 1
            lw a4, 0(s0)             # unchanged
            lr.d a5, (s0)
            addi s1, s0, 8
            sc.d a6, t3, (s1)        # different address: fails
            sc.d a7, t3, (s0)        # the failed SC cleared the reservation too
            ld s2, 8(s0)
            """);
        Assert.Equal(ulong.MaxValue - 1, rig["a0"]);
        Assert.Equal(0UL, rig["a1"]);
        Assert.Equal(42UL, rig["a2"]);
        Assert.Equal(1UL, rig["a3"]);
        Assert.Equal(42UL, rig["a4"]);
        Assert.Equal(1UL, rig["a6"]);
        Assert.Equal(1UL, rig["a7"]);
        Assert.Equal(0UL, rig["s2"]);
    }

    [Fact]
    public void TrapClearsTheReservation()
    {
        var rig = GuestRig.Execute(DataArea + """
            la t1, 1f
            csrw mtvec, t1
            lr.w a0, (s0)
            ecall
        .balign 4
        1:  li t2, 7
            sc.w a1, t2, (s0)
        """);
        Assert.Equal(1UL, rig["a1"]);
        Assert.Equal(0UL, rig.ReadMemory(0x8008_0000, 4));
    }
}
