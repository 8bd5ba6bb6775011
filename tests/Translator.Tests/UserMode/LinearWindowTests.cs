using Translator.Hart;
using Translator.Memory;
using Translator.UserMode;
using Translator.UserMode.Memory;
using Xunit;

namespace Translator.Tests.UserMode;

/// <summary>
/// The linear user window: pages below its size get the RAM frame at their own offset, and its access bytes follow
/// every change to the page tables, which the MMU's own walk must agree with.
/// </summary>
public sealed unsafe class LinearWindowTests
{
    private const ulong RamSize = 64UL << 20, LinearSize = 16UL << 20, Page = AddressSpace.PageSize;

    private readonly Ram _ram = new(UserLayout.RamBase, RamSize);
    private readonly Mmu _mmu;
    private readonly AddressSpace _memory;
    private readonly HartState _hart = new();

    public LinearWindowTests()
    {
        _mmu = new Mmu(_hart, new Bus(_ram));
        _memory = new AddressSpace(new PhysicalPageAllocator(_ram, LinearSize), _mmu);
        _hart.Csrs.PmpAddress[0] = (1UL << 54) - 1; // one NAPOT entry over everything, as the user machine sets
        _hart.Csrs.PmpConfig[0] = 0x1F;
        _hart.Csrs.Satp = _memory.Satp;
        _hart.Csrs.TranslationGeneration++;
        _hart.Privilege = PrivilegeLevel.User;
    }

    private byte Access(ulong address) => _mmu.LinearUserWindow!.Access[address / Page];

    // A writable page with no translated code: stores may go straight to RAM.
    private const byte ReadWrite = LinearUserWindow.InUse | LinearUserWindow.Readable | LinearUserWindow.Writable | LinearUserWindow.StoreInline;

    [Fact]
    public void PageHoldingCodeTakesStoresOffTheInlinePathWhateverItsProtectionBecomes()
    {
        const ulong page = 0x50_0000;
        var window = _mmu.LinearUserWindow!;
        Assert.True(_memory.TryMap(page, Page, Protection.Read | Protection.Write | Protection.Execute));
        Assert.Equal(ReadWrite, Access(page));
        window.SetHoldsCode(page / Page, true);
        Assert.Equal(LinearUserWindow.InUse | LinearUserWindow.Readable | LinearUserWindow.Writable | LinearUserWindow.HoldsCode, Access(page));
        // The address space rewrites the byte on every change; the code mark stays and still keeps stores slow.
        Assert.True(_memory.TryProtect(page, Page, Protection.Read | Protection.Execute));
        Assert.True(_memory.TryProtect(page, Page, Protection.Read | Protection.Write));
        Assert.Equal(LinearUserWindow.InUse | LinearUserWindow.Readable | LinearUserWindow.Writable | LinearUserWindow.HoldsCode, Access(page));
        window.SetHoldsCode(page / Page, false);
        Assert.Equal(ReadWrite, Access(page));
        Assert.True(_memory.TryProtect(page, Page, Protection.Read));
        Assert.Equal(LinearUserWindow.InUse | LinearUserWindow.Readable, Access(page)); // read-only: never StoreInline
    }

    [Fact]
    public void WindowIsGivenToTheMmuWithTheAddressSpacesSatp()
    {
        var window = _mmu.LinearUserWindow!;
        Assert.Equal(_memory.Satp, window.Satp);
        Assert.Equal(LinearSize, window.Size);
    }

    [Fact]
    public void AccessTableIsAPowerOfTwoLongAndBelowTwoGibibytes()
    {
        // Translated code masks page indices into the table and, on Linux x86-64, reaches it by a 32-bit displacement.
        var window = _mmu.LinearUserWindow!;
        Assert.True(ulong.IsPow2(window.AccessEntries) && window.AccessEntries >= LinearSize / Page);
        if (OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64)
            Assert.True((ulong)window.Access + window.AccessEntries <= 1UL << 31, $"table at 0x{(ulong)window.Access:x}");
        Assert.True(_memory.TryMap(LinearSize - Page, Page, Protection.Read));
        for (ulong page = LinearSize / Page; page < window.AccessEntries; page++)
            Assert.Equal(0, window.Access[page]); // past the window: never an access byte
    }

    [Fact]
    public void MappedPageInTheWindowUsesItsLinearFrame()
    {
        const ulong page = 0x40_0000;
        Assert.True(_memory.TryMap(page, 2 * Page, Protection.Read | Protection.Write));
        Assert.Equal(ReadWrite, Access(page));
        Assert.True(_mmu.Store(page + 5, 1, 0x77));
        Assert.Equal(0x77, _ram.Span[(int)(page + 5)]); // RAM offset == virtual address
        Assert.Equal(0, Access(page + 2 * Page)); // never mapped
    }

    [Fact]
    public void UserAccessesTheWindowCoversSkipTheTlbAndOthersStillMeetTheWalksRules()
    {
        const ulong page = 0x60_0000;
        Assert.True(_memory.TryMap(page, 2 * Page, Protection.Read | Protection.Write));
        var stats = _mmu.Statistics;
        ulong lookups = stats.TlbHits + stats.TlbMisses;
        Assert.True(_mmu.Store(page + 16, 8, 0xABCD));
        Assert.True(_mmu.Load(page + 16, 8, out ulong value));
        Assert.Equal(0xABCDUL, value);
        Assert.Equal(lookups, stats.TlbHits + stats.TlbMisses); // straight to the linear frame

        // Misaligned: through the TLB, same result.
        Assert.True(_mmu.Load(page + 15, 2, out ulong misaligned));
        Assert.Equal(0xCD00UL, misaligned);
        Assert.True(stats.TlbHits + stats.TlbMisses > lookups);

        // S-mode without SUM may not touch a user page, window or not.
        _hart.Privilege = PrivilegeLevel.Supervisor;
        Assert.False(_mmu.Load(page + 16, 8, out _));
        Assert.Equal(ExceptionCause.LoadPageFault, _mmu.FaultCause);
        _hart.Privilege = PrivilegeLevel.User;

        // A page holding translated code: the store is still made, and the code's observer hears of it.
        var flags = new byte[(RamSize >> Mmu.CodeGranuleShift) + 1];
        var observer = new RecordingObserver();
        fixed (byte* granules = flags)
        {
            _mmu.WatchCodePages(granules, observer);
            flags[(page + 64) >> Mmu.CodeGranuleShift] = 1;
            _mmu.LinearUserWindow!.SetHoldsCode(page / Page, true);
            Assert.True(_mmu.Store(page + 64, 4, 0x13));
            Assert.Equal([UserLayout.RamBase + page + 64], observer.Writes);
        }

        // Watched RAM (the lockstep difftest records the reference's writes so): the watcher hears of the store.
        _mmu.Bus.WatchRam(UserLayout.RamBase + page + Page, Page, observer);
        Assert.True(_mmu.Store(page + Page + 8, 8, 5));
        Assert.Equal([UserLayout.RamBase + page + 64, UserLayout.RamBase + page + Page + 8], observer.Writes);
    }

    private sealed class RecordingObserver : ICodeWriteObserver, IRamWriteWatcher
    {
        public List<ulong> Writes { get; } = new();
        public void OnCodeWrite(ulong physicalAddress, int width) => Writes.Add(physicalAddress);
        public void OnRamWrite(Bus bus, ulong address, int width, ulong value) => Writes.Add(address);
    }

    [Fact]
    public void ProtectionChangesAndUnmappingReachTheAccessBytes()
    {
        const ulong page = 0x10_0000;
        Assert.True(_memory.TryMap(page, Page, Protection.Read | Protection.Write));
        Assert.True(_memory.TryProtect(page, Page, Protection.Read));
        Assert.Equal(LinearUserWindow.InUse | LinearUserWindow.Readable, Access(page));
        Assert.False(_mmu.Store(page, 1, 1)); // the MMU agrees: read-only
        Assert.True(_memory.TryProtect(page, Page, Protection.None));
        Assert.Equal(LinearUserWindow.InUse, Access(page));
        Assert.Contains((int)(page / Page), _memory.LinearPagesInUse());
        _memory.Unmap(page, Page);
        Assert.Equal(0, Access(page));
        Assert.DoesNotContain((int)(page / Page), _memory.LinearPagesInUse());
    }

    [Fact]
    public void MovedPagesKeepTheirBytesAndTheOldLinearFrameIsFreeAgain()
    {
        const ulong from = 0x20_0000, to = 0x30_0000;
        Assert.True(_memory.TryMap(from, Page, Protection.Read | Protection.Write));
        Assert.True(_mmu.Store(from + 8, 8, 0x1122334455667788));
        Assert.True(_memory.TryMove(from, Page, to));
        Assert.Equal(0, Access(from));
        Assert.Equal(ReadWrite, Access(to));
        Assert.True(_mmu.Load(to + 8, 8, out ulong moved));
        Assert.Equal(0x1122334455667788UL, moved);
        Assert.Equal(0x1122334455667788UL, BitConverter.ToUInt64(_ram.Span.Slice((int)(to + 8), 8))); // in to's linear frame
        // The old address can be mapped again, and it starts zeroed.
        Assert.True(_memory.TryMap(from, Page, Protection.Read | Protection.Write));
        Assert.True(_mmu.Load(from + 8, 8, out ulong fresh));
        Assert.Equal(0UL, fresh);
    }

    [Fact]
    public void PagesAboveTheWindowUsePoolFramesWithoutAccessBytes()
    {
        ulong high = LinearSize + 0x10_0000;
        Assert.True(_memory.TryMap(high, Page, Protection.Read | Protection.Write));
        Assert.True(_mmu.Store(high, 8, 42));
        Assert.NotEqual(42UL, BitConverter.ToUInt64(_ram.Span.Slice((int)high, 8))); // not at the linear offset
        Assert.True(_mmu.Load(high, 8, out ulong value));
        Assert.Equal(42UL, value);
    }
}
