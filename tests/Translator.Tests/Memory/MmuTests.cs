using Translator.Hart;
using Translator.Memory;
using Translator.Privileged;
using Xunit;
using static Translator.Memory.PageTableEntry;

namespace Translator.Tests.Memory;

/// <summary>
/// The Sv39 MMU against the privileged specification: permissions under every SUM/MXR/MPRV setting, A/D
/// updates, faults and their xtval, PMP, and the TLB rule (each check runs twice so the second pass hits).
/// </summary>
public sealed class MmuTests
{
    private const ulong RamBase = 0x8000_0000;
    private const ulong UserPage = 0x1000, KernelPage = 0x2000, ExecOnlyPage = 0x3000, ReadOnlyPage = 0x4000;
    private const ulong UserExecPage = 0x5000;
    private readonly HartState _hart = new();
    private readonly Ram _ram = new(RamBase, 16 << 20);
    private readonly Mmu _mmu;
    private readonly PageTableBuilder _tables;

    public MmuTests()
    {
        _mmu = new Mmu(_hart, new Bus(_ram));
        _tables = new PageTableBuilder(_ram, RamBase + 0x10_0000);
        _tables.Map(UserPage, RamBase + 0x20_0000, Readable | Writable | User);
        _tables.Map(KernelPage, RamBase + 0x20_1000, Readable | Writable);
        _tables.Map(ExecOnlyPage, RamBase + 0x20_2000, Executable);
        _tables.Map(ReadOnlyPage, RamBase + 0x20_3000, Readable | User);
        _tables.Map(UserExecPage, RamBase + 0x20_4000, Readable | Executable | User);
        AllowAllPmp();
        _hart.Csrs.Satp = _tables.Satp;
        _hart.Csrs.TranslationGeneration++;
        _hart.Privilege = PrivilegeLevel.Supervisor;
    }

    private void AllowAllPmp()
    {
        Assert.True(CsrAccess.TryWrite(_hart, CsrAddress.Pmpaddr0, ulong.MaxValue >> 10));
        Assert.True(CsrAccess.TryWrite(_hart, CsrAddress.Pmpcfg0, 0x1F)); // NAPOT, RWX
    }

    private void SetStatus(ulong bits, bool on) =>
        _hart.Csrs.Mstatus = on ? _hart.Csrs.Mstatus | bits : _hart.Csrs.Mstatus & ~bits;

    private void AssertLoadFaults(ulong va, ExceptionCause cause)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            Assert.False(_mmu.Load(va, 8, out _), $"load of 0x{va:x} should fault (pass {pass})");
            Assert.Equal(cause, _mmu.FaultCause);
            Assert.Equal(va, _mmu.FaultValue);
        }
    }

    private void AssertLoads(ulong va)
    {
        for (int pass = 0; pass < 2; pass++)
            Assert.True(_mmu.Load(va, 8, out _), $"load of 0x{va:x} faulted with {_mmu.FaultCause} (pass {pass})");
    }

    private void AssertStoreFaults(ulong va, ExceptionCause cause)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            Assert.False(_mmu.Store(va, 8, 1), $"store to 0x{va:x} should fault (pass {pass})");
            Assert.Equal(cause, _mmu.FaultCause);
            Assert.Equal(va, _mmu.FaultValue);
        }
    }

    private void AssertFetchFaults(ulong va, ExceptionCause cause)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            Assert.False(_mmu.Fetch(va, out _));
            Assert.Equal(cause, _mmu.FaultCause);
            Assert.Equal(va, _mmu.FaultValue);
        }
    }

    [Fact]
    public void SupervisorTouchesUserPagesOnlyWithSum()
    {
        SetStatus(MstatusBits.Sum, false);
        AssertLoadFaults(UserPage + 8, ExceptionCause.LoadPageFault);
        AssertStoreFaults(UserPage + 8, ExceptionCause.StorePageFault);
        SetStatus(MstatusBits.Sum, true);
        AssertLoads(UserPage + 8);
        Assert.True(_mmu.Store(UserPage + 8, 8, 42));
        SetStatus(MstatusBits.Sum, false);
        // The TLB now holds the page, but the SUM=0 context is not allowed: it must still fault.
        AssertLoadFaults(UserPage + 8, ExceptionCause.LoadPageFault);
        AssertStoreFaults(UserPage + 8, ExceptionCause.StorePageFault);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SupervisorNeverExecutesUserPages(bool sum)
    {
        SetStatus(MstatusBits.Sum, sum);
        AssertFetchFaults(UserExecPage, ExceptionCause.InstructionPageFault);
        _hart.Privilege = PrivilegeLevel.User;
        for (int pass = 0; pass < 2; pass++)
            Assert.True(_mmu.Fetch(UserExecPage, out _));
    }

    [Fact]
    public void UserCannotTouchSupervisorPages()
    {
        _hart.Privilege = PrivilegeLevel.User;
        AssertLoadFaults(KernelPage, ExceptionCause.LoadPageFault);
        AssertStoreFaults(KernelPage, ExceptionCause.StorePageFault);
        AssertFetchFaults(KernelPage, ExceptionCause.InstructionPageFault);
        AssertLoads(UserPage);
    }

    [Fact]
    public void MxrMakesExecuteOnlyPagesReadable()
    {
        AssertLoadFaults(ExecOnlyPage, ExceptionCause.LoadPageFault);
        SetStatus(MstatusBits.Mxr, true);
        AssertLoads(ExecOnlyPage);
        AssertStoreFaults(ExecOnlyPage, ExceptionCause.StorePageFault);
        SetStatus(MstatusBits.Mxr, false);
        AssertLoadFaults(ExecOnlyPage, ExceptionCause.LoadPageFault);
    }

    [Fact]
    public void ReadOnlyPageRejectsStores()
    {
        _hart.Privilege = PrivilegeLevel.User;
        AssertLoads(ReadOnlyPage);
        AssertStoreFaults(ReadOnlyPage, ExceptionCause.StorePageFault);
    }

    [Fact]
    public void MprvTranslatesMachineLoadsAndStoresButNotFetches()
    {
        _hart.Privilege = PrivilegeLevel.Machine;
        _ram.Write(RamBase + 0x20_0000, 8, 0x1234);
        SetStatus(MstatusBits.Mprv, true);
        _hart.Csrs.Mstatus = (_hart.Csrs.Mstatus & ~MstatusBits.Mpp) | ((ulong)PrivilegeLevel.User << MstatusBits.MppShift);
        for (int pass = 0; pass < 2; pass++)
        {
            Assert.True(_mmu.Load(UserPage, 8, out ulong v));
            Assert.Equal(0x1234UL, v);
        }
        AssertLoadFaults(KernelPage, ExceptionCause.LoadPageFault); // MPP=U cannot see S pages
        // Fetches stay physical in M-mode.
        _ram.Write(RamBase, 4, 0x00000013);
        Assert.True(_mmu.Fetch(RamBase, out uint raw));
        Assert.Equal(0x13u, raw);
        SetStatus(MstatusBits.Mprv, false);
        AssertLoadFaults(UserPage, ExceptionCause.LoadAccessFault); // physical 0x1000 is unmapped
    }

    [Fact]
    public void WalksSetAccessedAndDirty()
    {
        ulong pteAddress = _tables.Map(0x9000, RamBase + 0x30_0000, Readable | Writable);
        Assert.True(_mmu.Load(0x9000, 8, out _));
        Assert.Equal(Accessed, _tables.ReadPte(pteAddress) & (Accessed | Dirty));
        Assert.True(_mmu.Store(0x9000, 8, 5));
        Assert.Equal(Accessed | Dirty, _tables.ReadPte(pteAddress) & (Accessed | Dirty));
    }

    [Fact]
    public void ReservedAndMalformedEntriesFault()
    {
        _tables.Map(0xA000, RamBase + 0x30_0000, Writable); // W without R is reserved
        AssertLoadFaults(0xA000, ExceptionCause.LoadPageFault);
        _tables.Map(0x4000_0000, RamBase + 0x1000, Readable | Writable, level: 1); // 2 MiB leaf not 2 MiB aligned
        AssertLoadFaults(0x4000_0000, ExceptionCause.LoadPageFault);
        _tables.Map(0x8000_0000, RamBase, Readable | Writable, level: 2); // an aligned 1 GiB superpage works
        AssertLoads(0x8000_0000 + 0x12_3450);
        AssertLoadFaults(0x0000_0040_0000_0000, ExceptionCause.LoadPageFault); // bit 38 set but not sign-extended
        AssertLoadFaults(0xB000, ExceptionCause.LoadPageFault); // not mapped at all
    }

    [Fact]
    public void SfenceVmaMakesNewMappingsVisible()
    {
        _ram.Write(RamBase + 0x20_1000, 8, 111);
        _ram.Write(RamBase + 0x30_0000, 8, 222);
        Assert.True(_mmu.Load(KernelPage, 8, out ulong before));
        Assert.Equal(111UL, before);
        _tables.Map(KernelPage, RamBase + 0x30_0000, Readable | Writable);
        _mmu.FenceVma(KernelPage, null);
        Assert.True(_mmu.Load(KernelPage, 8, out ulong after));
        Assert.Equal(222UL, after);
    }

    [Fact]
    public void SatpWriteFlushesTheTlb()
    {
        Assert.True(_mmu.Load(KernelPage, 8, out _));
        var other = new PageTableBuilder(_ram, RamBase + 0x50_0000);
        Assert.True(CsrAccess.TryWrite(_hart, CsrAddress.Satp, other.Satp));
        AssertLoadFaults(KernelPage, ExceptionCause.LoadPageFault);
    }

    [Fact]
    public void SecondPassHitsTheTlb()
    {
        AssertLoads(KernelPage);
        ulong walks = _mmu.Statistics.PageWalks;
        for (int i = 0; i < 100; i++)
            Assert.True(_mmu.Load(KernelPage + (ulong)(i * 8), 8, out _));
        Assert.Equal(walks, _mmu.Statistics.PageWalks);
        Assert.True(_mmu.Statistics.TlbHits >= 100);
    }

    [Fact]
    public void MisalignedAccessAcrossIntoAnUnmappedPageFaultsThere()
    {
        _tables.Map(0xC000, RamBase + 0x30_0000, Readable | Writable);
        Assert.False(_mmu.Load(0xCFFC, 8, out _));
        Assert.Equal(ExceptionCause.LoadPageFault, _mmu.FaultCause);
        Assert.Equal(0xD000UL, _mmu.FaultValue);
        _tables.Map(0xD000, RamBase + 0x40_0000, Readable | Writable);
        _ram.Write(RamBase + 0x30_0FFC, 4, 0x44332211);
        _ram.Write(RamBase + 0x40_0000, 4, 0x88776655);
        Assert.True(_mmu.Load(0xCFFC, 8, out ulong v));
        Assert.Equal(0x8877665544332211UL, v);
    }

    [Fact]
    public void PmpDeniesSupervisorAccessOutsideItsEntries()
    {
        _hart.Privilege = PrivilegeLevel.Machine; // to write the PMP CSRs
        Assert.True(CsrAccess.TryWrite(_hart, CsrAddress.Satp, 0));
        Assert.True(CsrAccess.TryWrite(_hart, CsrAddress.Pmpcfg0, 0));
        _hart.Privilege = PrivilegeLevel.Supervisor;
        AssertLoadFaults(RamBase, ExceptionCause.LoadAccessFault); // no entry matches: S/U denied
        // TOR [RamBase, RamBase + 1 MiB) read-only.
        _hart.Privilege = PrivilegeLevel.Machine;
        Assert.True(CsrAccess.TryWrite(_hart, CsrAddress.Pmpaddr0, RamBase >> 2));
        Assert.True(CsrAccess.TryWrite(_hart, (ushort)(CsrAddress.Pmpaddr0 + 1), (RamBase + 0x10_0000) >> 2));
        Assert.True(CsrAccess.TryWrite(_hart, CsrAddress.Pmpcfg0, 0x09UL << 8)); // entry 1: TOR, R
        _hart.Privilege = PrivilegeLevel.Supervisor;
        AssertLoads(RamBase + 0x100);
        AssertStoreFaults(RamBase + 0x100, ExceptionCause.StoreAccessFault);
        AssertLoadFaults(RamBase + 0x10_0000, ExceptionCause.LoadAccessFault);
        // M-mode ignores unlocked entries, but obeys locked ones.
        _hart.Privilege = PrivilegeLevel.Machine;
        Assert.True(_mmu.Store(RamBase + 0x100, 8, 1));
        Assert.True(CsrAccess.TryWrite(_hart, CsrAddress.Pmpcfg0, 0x89UL << 8)); // locked
        AssertStoreFaults(RamBase + 0x100, ExceptionCause.StoreAccessFault);
    }
}
