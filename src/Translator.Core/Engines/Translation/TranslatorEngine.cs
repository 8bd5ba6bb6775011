using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Translator.Hart;
using Translator.Memory;
using Translator.Privileged;

namespace Translator.Engines.Translation;

/// <summary>Counters of the translator's work, for <c>--stats</c> and the profile.</summary>
public sealed class TranslatorStatistics
{
    /// <summary>Instructions retired inside compiled blocks.</summary>
    public long TranslatedInstructions;
    /// <summary>Instructions executed by the interpreter (cold code, untranslated instructions).</summary>
    public long InterpretedInstructions;
    /// <summary>Blocks compiled.</summary>
    public long BlocksTranslated;
    /// <summary>Time spent decoding, emitting and compiling blocks.</summary>
    public TimeSpan TranslationTime;
}

/// <summary>
/// The block translator: a dispatcher that runs hot guest blocks as compiled <see cref="System.Reflection.Emit.DynamicMethod"/>s
/// and everything else in the reference <see cref="Interpreter"/>.
/// </summary>
/// <remarks>
/// <para>Each turn of the dispatcher finds the block (an entry point) at the pc: by the previous block's chained
/// successor, else by a virtual-pc table, else by translating the fetch address through the MMU and looking the
/// physical pc up in the <see cref="BlockCache"/>. A cold block is a straight run of instructions; it counts its
/// entries (code the interpreter reaches gets a block only when it comes round a third time, see
/// <see cref="ColdCodeCounter"/>), and at <c>JitThreshold</c> the region around it (<see cref="GuestBlock.ScanRegion"/>) is compiled, and
/// every other block of the page that the region holds becomes an entry into it. Cold blocks, runs of instructions
/// the translator leaves out (CSR other than fflags, system, fence.i), compiled code whose FP assumptions the hart
/// does not meet, and the tail of a budget too small for a whole region run in the interpreter, which keeps the
/// counters itself.</para>
/// <para>Compiled code reports traps as values; the dispatcher records the trapping pc and takes the exception through
/// <see cref="TrapUnit"/>. Retired instructions are added to minstret, mcycle and RetiredSinceReset per block and
/// flushed before the interpreter runs, so they are exact wherever the guest can read them. Interrupts become
/// takeable only between runs or after instructions the interpreter executes, which checks them; so checking at
/// the start of a run keeps the interpreter's timing.</para>
/// <para>Writes into 64-byte granules that hold blocks reach <see cref="ICodeWriteObserver.OnCodeWrite"/> (from the MMU, for every engine's stores,
/// and from inline stores, which fall to the MMU on flagged granules) and invalidate the overlapping blocks; the
/// writing block ends after that store. Virtual lookups are dropped whenever satp, PMP or sfence.vma may have
/// changed a mapping, so stale translations cannot select the wrong code.</para>
/// </remarks>
public sealed unsafe class TranslatorEngine : ExecutionEngine, ICodeWriteObserver, IBlockEntryWatch
{
    /// <summary>Block entries before a block is compiled, by default.</summary>
    public const int DefaultJitThreshold = 100;

    /// <summary>The default bound on cached blocks.</summary>
    public const int DefaultCapacity = 16384;

    private const int PageShift = 12;
    private const ulong PageOffsetMask = (1UL << PageShift) - 1;
    private const ulong CycleInhibit = 1UL << 0, InstructionsRetiredInhibit = 1UL << 2;

    private readonly Interpreter _interpreter;
    private readonly BlockRuntime _runtime;
    private readonly BlockCache _cache;
    private readonly RamWindow _ram;
    private readonly MachineStop _stop;
    private readonly int _threshold;
    private readonly bool _compileInBackground;
    private readonly ConcurrentQueue<RegionCompilation> _compiled = new();
    private readonly ColdCodeCounter _coldCode = new();
    // Regions handed to the background compiler and not yet installed, in the order queued.
    private readonly List<RegionCompilation> _queued = new();

    // Entries after which a cold block is compiled: the threshold, times 4 for each region already waiting for the
    // worker (up to 4096 times). A region costs RyuJIT milliseconds, so while the worker is behind only code that
    // keeps running earns a place in its queue; code hot for a moment (start-up, a boot's one-off work) stays
    // interpreted instead of delaying the regions queued after it. With --jit-sync nothing waits: the plain threshold.
    private long HotAt => (long)_threshold << Math.Min(2 * _queued.Count, 12);

    private ulong _seenGeneration = ulong.MaxValue, _seenMappingEpoch = ulong.MaxValue, _seenFullMappingEpoch = ulong.MaxValue, _epoch;
    private (ulong Base, ulong Size)? _seenWatch;
    private LinearUserWindow? _seenWindow;
    private long _pendingRetired;
    // Where the last run ran out of budget, or NoPc. A run resumed there enters mid-block, at no place the program
    // itself enters, so it is not counted as one: counted, every slice's end became a leader of the regions compiled
    // after it, and hot straight code was cut into blocks of an instruction or two (no grouped memory checks, and
    // RyuJIT keeps registers in memory across each leader).
    private ulong _budgetEndedAt = NoPc;
    private const ulong NoPc = ulong.MaxValue;
    // The cold block a watched stretch of the interpreter is in, or null where it is not known.
    private TranslatedBlock? _watchedBlock;
    // The lookup context (privilege and memory path) of the code at the pc, or -1 to work it out again: only the
    // interpreter (CSR writes, xRET), traps and interrupts change what it depends on, so translated exits keep it.
    private int _lookupContext = -1, _lookupMemory;

    /// <summary>Creates a translator for one hart.</summary>
    /// <param name="hart">The architectural state to run.</param>
    /// <param name="mmu">The hart's memory path.</param>
    /// <param name="time">The source of the <c>time</c> CSR.</param>
    /// <param name="jitThreshold">Entries before a block is compiled; 0 compiles every block on first entry.</param>
    /// <param name="capacity">The most blocks cached before the cache is flushed.</param>
    /// <param name="compileInBackground">
    /// Compile on a worker thread while the block goes on running in the interpreter (faster on a machine with a
    /// spare core; which instructions run translated then depends on timing, never what they compute). Off, a
    /// block runs compiled from the entry that crosses the threshold, and so does every block with a threshold of 0.
    /// </param>
    public TranslatorEngine(HartState hart, Mmu mmu, CsrAccess.TimeSource time, int jitThreshold = DefaultJitThreshold, int capacity = DefaultCapacity,
        bool compileInBackground = false)
        : base(hart, mmu, time)
    {
        _compileInBackground = compileInBackground && jitThreshold > 0;
        _interpreter = new Interpreter(hart, mmu, time);
        _runtime = new BlockRuntime(mmu);
        hart.PendingRetired = () => (ulong)_pendingRetired + (ulong)_runtime.ChainedRetired + (ulong)_runtime.RetiredInBlock + _interpreter.PendingRetired();
        var ram = mmu.Bus.Ram;
        _cache = new BlockCache(ram.Base, ram.Size, capacity, _runtime.Chains, mmu.PageFences);
        _ram = new RamWindow(ram.Base, ram.Size, (nint)ram.Pointer, (nint)_cache.GranuleFlags);
        _stop = mmu.Bus.Stop;
        _threshold = Math.Max(jitThreshold, 0);
        mmu.WatchCodePages(_cache.GranuleFlags, this);
    }

    /// <summary>Counters of translation and execution.</summary>
    public TranslatorStatistics Statistics { get; } = new();

    /// <summary>The blocks cached now, cold and compiled.</summary>
    public IEnumerable<TranslatedBlock> Blocks => _cache.Blocks;

    /// <summary>The blocks whose regions wait for the background compiler, in the order queued.</summary>
    internal IEnumerable<TranslatedBlock> QueuedRoots => _queued.Select(job => job.Root);

    /// <summary>Blocks currently cached.</summary>
    public int CachedBlocks => _cache.Count;

    /// <summary>Blocks invalidated by writes to their code.</summary>
    public long Invalidations => _cache.Invalidations;

    /// <summary>Whole-cache flushes because the cache was full.</summary>
    public long Evictions => _cache.Evictions;

    /// <inheritdoc/>
    // Never precompiled (ReadyToRun): a run can last the whole program, and precompiled code is not replaced
    // by optimised code while its loop runs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override StopReason Run(long budget)
    {
        long remaining = Math.Max(budget, 0), start = remaining; // executed = start - remaining
        long translated = 0; // added to the statistics at the end: one field update less per block
        var reason = StopReason.BudgetExhausted;
        var watch = Mmu.Bus.WatchedRange;
        if (watch != _seenWatch)
        {
            _seenWatch = watch;
            _cache.SetWatched(watch?.Base ?? 0, watch?.Size ?? 0);
        }
        if (Mmu.LinearUserWindow != _seenWindow)
        {
            _seenWindow = Mmu.LinearUserWindow;
            _cache.UseLinearWindow(_seenWindow);
        }
        ref ulong registers = ref MemoryMarshal.GetArrayDataReference(Hart.X);

        // Devices may have raised an interrupt while the machine ran them between calls.
        TrapUnit.TryTakeInterrupt(Hart);
        ForgetLookupContext();
        _runtime.MipSeen = Hart.Csrs.Mip;
        TranslatedBlock? previous = null;
        ulong resumedAt = _budgetEndedAt;
        while (remaining > 0)
        {
            if (_stop.Requested)
            {
                reason = StopReason.MachineStopRequested;
                break;
            }
            if (_queued.Count > 0 && !_compiled.IsEmpty)
                InstallCompiled();
            ulong pc = Hart.Pc;
            var block = previous != null ? Chained(previous, pc) : null;
            if (block == null)
            {
                block = Find(pc);
                if (block != null && previous != null)
                    Chain(previous, block);
            }
            previous = null;
            long interpret = 1;
            if (block != null)
            {
                if (pc != resumedAt)
                    block.Dispatched++;
                resumedAt = NoPc;
                if (block.Entry == null && block.Translatable && block.Dispatched > HotAt && !block.Compiling)
                    Compile(block);
                if (block.Entry is { } code && remaining >= block.InstructionCount && block.FloatingPointReady(Hart.Csrs))
                {
                    OfferForChaining(block, pc);
                    _runtime.Allowance = remaining;
                    long result = code(ref registers);
                    _runtime.RetiredInBlock = 0;
                    long lastRetired = BlockResult.Retired(result), retired = lastRetired;
                    var kind = BlockResult.Kind(result);
                    if (_runtime.LastChained >= 0)
                    {
                        // The code went on into other regions, which counted themselves; the run ended in the last.
                        block = _runtime.Chains[_runtime.LastChained].Block;
                        _runtime.LastChained = -1;
                        retired += _runtime.ChainedRetired;
                        _runtime.ChainedRetired = 0;
                    }
                    block.DispatchedExits[(int)kind]++;
                    block.RetiredAtExits += lastRetired;
                    _pendingRetired += retired;
                    translated += retired;
                    Hart.Pc = _runtime.Pc;
                    if (kind == BlockExitKind.Trap)
                    {
                        remaining -= retired + 1;
                        FlushCounters();
                        TrapUnit.TakeException(Hart, _runtime.TrapCause, _runtime.TrapValue);
                        ForgetLookupContext();
                        continue;
                    }
                    remaining -= retired;
                    if (kind == BlockExitKind.Interpret)
                        goto Interpret; // the instruction at pc, alone
                    // Neither kind can change privilege or mstatus, so the successor's context is this block's; an
                    // indirect exit chains too (the slots remember its last two targets, e.g. a return's callers).
                    if (kind is BlockExitKind.Direct or BlockExitKind.Budget or BlockExitKind.Indirect)
                        previous = block;
                    else if (kind == BlockExitKind.StoreEnded && Hart.Csrs.Mip != _runtime.MipSeen)
                    {
                        // A device store raised an interrupt: take it right after the store, as the interpreter does.
                        TrapUnit.TryTakeInterrupt(Hart);
                        _runtime.MipSeen = Hart.Csrs.Mip;
                        ForgetLookupContext();
                    }
                    continue;
                }
                interpret = block.Entry == null || remaining >= block.InstructionCount ? block.InstructionCount : remaining;
            }

            Interpret:
            FlushCounters();
            var privilege = Hart.Privilege;
            ulong mstatus = Hart.Csrs.Mstatus, generation = Hart.Csrs.TranslationGeneration, mappings = Mmu.MappingEpoch;
            // A cold block: the interpreter runs on through cold code, counting the blocks it enters (ContinuesAt),
            // and hands back at a compiled block, one about to become hot, or one not yet looked up. Not with a
            // threshold of 0, which compiles every block at its first entry (what tests and the fuzzer rely on):
            // a watched run passes the dispatcher's block boundaries that no branch or jump makes.
            bool watched = _threshold > 0 && block != null && block.Entry == null && _lookupContext >= 0;
            _watchedBlock = watched ? block : null;
            var interpreted = watched ? _interpreter.RunWatched(remaining, this) : _interpreter.Run(Math.Min(remaining, interpret));
            _watchedBlock = null;
            long ran = _interpreter.LastRunExecuted;
            Statistics.InterpretedInstructions += ran;
            // Like a translated block's direct exit, an interpreted stretch that left the context as it was chains to
            // its successor, and the lookup context stays; anything else makes the next lookup work it out again.
            if (block != null && (watched || ran == interpret) && !_interpreter.LastRunTookTrap && Hart.Privilege == privilege && Hart.Csrs.Mstatus == mstatus
                && Hart.Csrs.TranslationGeneration == generation && Mmu.MappingEpoch == mappings)
                previous = block;
            else
                ForgetLookupContext();
            remaining -= ran;
            _runtime.CodeWritten = false;
            _runtime.MipSeen = Hart.Csrs.Mip;
            if (interpreted != StopReason.BudgetExhausted)
            {
                reason = interpreted;
                break;
            }
        }
        FlushCounters();
        Statistics.TranslatedInstructions += translated;
        LastRunExecuted = start - remaining;
        _budgetEndedAt = reason == StopReason.BudgetExhausted ? Hart.Pc : NoPc;
        return reason;
    }

    /// <inheritdoc/>
    bool IBlockEntryWatch.ContinuesAt(ulong pc)
    {
        // A branch or jump left the block the stretch was in for pc (the scan of a region follows a call through a
        // pointer to the one function it was seen calling).
        _watchedBlock?.NoteSuccessor(pc);
        _watchedBlock = null;
        // The lookups below hold for the context the run began in; a fence or a new mapping ends the stretch, and so
        // does a compiled region waiting to be installed.
        if (Hart.Csrs.TranslationGeneration != _seenGeneration || Mmu.MappingEpoch != _seenMappingEpoch || (_queued.Count > 0 && !_compiled.IsEmpty))
            return false;
        var block = _cache.Lookup(pc, _lookupContext);
        if (block == null)
            return !_coldCode.WantsBlock(pc, _lookupContext); // the dispatcher looks it up, once it has come round often enough
        if (block.Entry != null || (block.Translatable && !block.Compiling && block.Dispatched >= HotAt))
            return false; // the dispatcher runs it compiled, or compiles it
        block.Dispatched++;
        _watchedBlock = block;
        return true;
    }

    /// <inheritdoc/>
    void ICodeWriteObserver.OnCodeWrite(ulong physicalAddress, int width)
    {
        if (_cache.InvalidateRange(physicalAddress, width))
            _runtime.CodeWritten = true;
    }

    /// <summary>Drops every cached block (for tests and tools).</summary>
    public void FlushCache() => _cache.Flush();

    /// <summary>
    /// Lets compiled code enter <paramref name="block"/> (about to run compiled at <paramref name="pc"/>) straight from
    /// another region, while the lookup context and mappings stay as they are now (see <see cref="ChainEntry"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // once per dispatch
    private void OfferForChaining(TranslatedBlock block, ulong pc)
    {
        ref var chain = ref _runtime.Chains[BlockRuntime.ChainSlot(pc)];
        if (_runtime.ChainTag == 0 || (chain.Block == block && chain.Tag == _runtime.ChainTag))
            return;
        chain.Pc = pc;
        chain.Tag = _runtime.ChainTag;
        chain.Code = block.Entry!;
        chain.Context = block.Context!;
        chain.Block = block;
        chain.Count = block.InstructionCount;
        chain.FloatingPoint = (int)block.Region!.FloatingPoint;
    }

    // The lookup context must be worked out again (a trap, an interrupt, the interpreter changed what it depends on);
    // until then compiled code cannot chain, as its entries hold for the context they were found in.
    private void ForgetLookupContext()
    {
        _lookupContext = -1;
        _runtime.ChainTag = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // once per dispatch
    private TranslatedBlock? Chained(TranslatedBlock previous, ulong pc)
    {
        if (previous.Next0 is { } first && first.GuestPc == pc && previous.Next0Epoch == _epoch && first.Valid)
            return first;
        if (previous.Next1 is { } second && second.GuestPc == pc && previous.Next1Epoch == _epoch && second.Valid)
            return second;
        return null;
    }

    private void Chain(TranslatedBlock previous, TranslatedBlock next)
    {
        if (previous.Next0 is { Valid: true } && previous.Next0Epoch == _epoch)
        {
            previous.Next1 = next;
            previous.Next1Epoch = _epoch;
        }
        else
        {
            previous.Next0 = next;
            previous.Next0Epoch = _epoch;
        }
    }

    /// <summary>The block at <paramref name="pc"/> in the current context, or null when it must be interpreted
    /// (the fetch faults, or the page is not plain RAM).</summary>
    private TranslatedBlock? Find(ulong pc)
    {
        if (_lookupContext < 0)
            WorkOutLookupContext();
        int memory = _lookupMemory, context = _lookupContext;
        if (_cache.Lookup(pc, context) is { } known)
            return known;

        if (!Mmu.Fetch(pc, out _) || !Mmu.TryGetFetchPage(pc, out byte* page))
            return null;
        ulong physical = _ram.Base + (ulong)(page - (byte*)_ram.Host) + (pc & PageOffsetMask);
        var key = new BlockKey(physical, pc, memory);
        var block = _cache.Find(key);
        if (block != null && !StillMapped(block.OtherPages, memory))
        {
            _cache.Remove(block); // a page its code lies in was remapped since
            block = null;
        }
        if (block == null)
        {
            block = EntryIntoCompiledRegion(key) ?? NewBlock(key, page);
            _cache.Add(block);
        }
        _cache.Remember(pc, context, block, Mmu.FetchLeafOf(pc));
        return block;
    }

    private void WorkOutLookupContext()
    {
        var privilege = Hart.Privilege;
        _lookupMemory = privilege == PrivilegeLevel.Machine && (Hart.Csrs.Mstatus & MstatusBits.Mprv) == 0 && Mmu.MachineAccessIsUnchecked
            ? BlockKey.DirectRam
            : Mmu.UserWindowApplies() ? BlockKey.UserLinear
            : Mmu.DataContext; // a TLB context, or -1 (ViaMmu) for M-mode checked by PMP
        _lookupContext = (int)privilege | ((_lookupMemory + 1) << 2);
        if (Hart.Csrs.TranslationGeneration != _seenGeneration || Mmu.MappingEpoch != _seenMappingEpoch)
        {
            // Chains go on any change; lookups only when any mapping may have changed, not for a fence that named an
            // address (the cache checks each lookup against those).
            bool anyMapping = Hart.Csrs.TranslationGeneration != _seenGeneration || Mmu.FullMappingEpoch != _seenFullMappingEpoch;
            _seenGeneration = Hart.Csrs.TranslationGeneration;
            _seenMappingEpoch = Mmu.MappingEpoch;
            _seenFullMappingEpoch = Mmu.FullMappingEpoch;
            _epoch++;
            if (anyMapping)
                _cache.ForgetLookups();
        }
        _runtime.ChainTag = (_epoch << 8) | (uint)_lookupContext; // _epoch is at least 1 here: never 0
    }

    private TranslatedBlock NewBlock(BlockKey key, byte* page)
    {
        var guest = GuestBlock.Scan(page, (int)(key.VirtualPc & PageOffsetMask), key.VirtualPc, new OtherCodePages(this, key.Memory));
        if (guest.Count == 0) // an instruction straddling the page end, with no next page to read: the interpreter runs it alone
            return new TranslatedBlock(key, 1, [new CodeRange(key.PhysicalPc, 2)], translatable: false);
        return new TranslatedBlock(key, guest.Count, guest.PhysicalRanges(key.PhysicalPc), guest.Translatable, guest.OtherPages);
    }

    /// <summary>
    /// The code page at virtual <paramref name="virtualBase"/>, for a unit that takes code from it besides its entry's
    /// page; only where that mapping cannot change behind the translator's back unnoticed: M-mode straight to RAM (no
    /// translation at all) and user mode (whose mappings change only by full fences, after which <see cref="Find"/>
    /// checks each such block again, <see cref="StillMapped"/>). Elsewhere a unit keeps to its page, and an
    /// instruction straddling its end is interpreted. With <paramref name="seenRuns"/>, the page's runs seen executing.
    /// </summary>
    private bool TryGetCodePage(ulong virtualBase, int memory, bool seenRuns, out CodePage page)
    {
        page = default;
        if (memory is not (BlockKey.DirectRam or BlockKey.UserLinear) || !Mmu.Fetch(virtualBase, out _) || !Mmu.TryGetFetchPage(virtualBase, out byte* host))
            return false;
        ulong physical = _ram.Base + (ulong)(host - (byte*)_ram.Host);
        page = new CodePage(new PageMapping(virtualBase, physical), (nint)host, seenRuns ? SeenRunsIn(virtualBase, physical, memory) : SeenRun.None);
        return true;
    }

    /// <summary>The code pages a unit of <paramref name="memory"/> may take code from (see <see cref="TryGetCodePage"/>).</summary>
    private sealed class OtherCodePages(TranslatorEngine engine, int memory, bool seenRuns = false) : ICodePageSource
    {
        public bool TryGet(ulong virtualBase, out CodePage page) => engine.TryGetCodePage(virtualBase, memory, seenRuns, out page);
    }

    // Whether the pages still map to the frames the code was decoded from.
    private bool StillMapped(PageMapping[] pages, int memory)
    {
        foreach (var page in pages)
            if (!TryGetCodePage(page.Virtual, memory, seenRuns: false, out var now) || now.Mapping.Physical != page.Physical)
                return false;
        return true;
    }

    /// <summary>
    /// The runs of the code page at <paramref name="virtualBase"/> (in frame <paramref name="physical"/>) that blocks of
    /// <paramref name="memory"/> saw executing, with the times the dispatcher entered each.
    /// </summary>
    private SeenRun[] SeenRunsIn(ulong virtualBase, ulong physical, int memory)
    {
        // Two passes, counting and then filling (a List<SeenRun> is generic code that start-up would compile).
        var inPage = _cache.InPage(physical);
        int count = 0;
        foreach (var block in inPage)
            if (IsSeenRun(block, memory, virtualBase))
                count++;
        var runs = new SeenRun[count];
        count = 0;
        foreach (var block in inPage)
            if (IsSeenRun(block, memory, virtualBase))
                runs[count++] = SeenRun.Of(block);
        return runs;
    }

    // Whether a block of the virtual page at virtualBase, in memory context memory, is a run seen executing there.
    private static bool IsSeenRun(TranslatedBlock block, int memory, ulong virtualBase) =>
        block.Valid && block.Translatable && block.Dispatched > 0 && block.Key.Memory == memory && (block.GuestPc & ~PageOffsetMask) == virtualBase;

    /// <summary>
    /// A new entry at <paramref name="key"/> into a compiled region that holds a leader there, rather than a block that
    /// would become a region of its own and compile the same code again: a region of key's page, or one that took
    /// that page's code in (a callee). Blocks of key's page enter either kind (see <see cref="Install"/>), so the
    /// page's own blocks lead to both.
    /// </summary>
    private TranslatedBlock? EntryIntoCompiledRegion(BlockKey key)
    {
        CompiledRegion? checkedLast = null; // a region's entries tend to sit together in the list: check it once
        foreach (var other in _cache.InPage(key.PhysicalPc))
        {
            if (other.Region is not { } region || region == checkedLast || !other.Valid)
                continue;
            checkedLast = region;
            if (ServesEntry(region, other.Key, key, out int index)
                && region.PagesBesides(key.VirtualPc) is var pages && StillMapped(pages, key.Memory))
            {
                var entry = new TranslatedBlock(key, region.Count, region.Code, translatable: true, pages);
                Enter(entry, region, index);
                return entry;
            }
        }
        return null;
    }

    /// <summary>
    /// Whether <paramref name="region"/>, compiled for blocks like <paramref name="owner"/>, can be entered for
    /// <paramref name="key"/>: the same memory path, key's page mapped where the region's code there was decoded from,
    /// and a leader at key's pc (its <paramref name="index"/>).
    /// </summary>
    private static bool ServesEntry(CompiledRegion region, BlockKey owner, BlockKey key, out int index)
    {
        index = owner.Memory == key.Memory && region.DecodedFrom(key.VirtualPc, key.PhysicalPc) ? region.IndexOf(key.VirtualPc) : -1;
        return index >= 0;
    }

    private void Compile(TranslatedBlock block)
    {
        if (WaitForQueuedRegion(block))
            return;
        var started = Stopwatch.GetTimestamp();
        int memory = block.Key.Memory;
        // The region follows branches, jumps and calls into any code of the page seen running (and calls into the
        // seen code of a few other pages, where TryGetCodePage allows), and takes in the seen code of the page no
        // compiled region holds yet (jump-table cases, for one, are reachable by no direct branch), the most entered
        // first. Code that other regions already hold is not added again unless this region's own paths lead there.
        byte* page = (byte*)_ram.Host + ((block.PhysicalPc - _ram.Base) & ~PageOffsetMask);
        // Plain loops over lists of blocks: LINQ that yields ints or tuples is generic code that ReadyToRun leaves to
        // RyuJIT, on the guest's thread at the first region.
        var inPage = new List<TranslatedBlock>();
        var seen = new List<TranslatedBlock>();
        var compiled = new List<CompiledRegion>();
        foreach (var other in _cache.InPage(block.PhysicalPc))
        {
            if (!other.Valid || !SameContext(other.Key, block.Key))
                continue;
            inPage.Add(other);
            if (other != block && IsSeenRun(other, memory, block.GuestPc & ~PageOffsetMask))
                seen.Add(other);
            if (other.Region is { } holder && !compiled.Contains(holder))
                compiled.Add(holder);
        }
        var seenRuns = new SeenRun[seen.Count + 1];
        seenRuns[seen.Count] = SeenRun.Of(block); // for where it went; the scan enters it first whatever its count
        var roots = new List<int>();
        for (int i = 0; i < seen.Count; i++)
        {
            var other = seen[i];
            seenRuns[i] = SeenRun.Of(other);
            if (other.Entry == null && !compiled.Exists(holder => holder.Holds(other.GuestPc)))
                roots.Add(seenRuns[i].Offset);
        }
        var guest = GuestBlock.ScanRegion(page, (int)(block.GuestPc & PageOffsetMask), block.GuestPc, seenRuns, roots.ToArray(),
            new OtherCodePages(this, memory, seenRuns: true));
        if (guest.Count == 0)
            return; // a straddling root whose next page is no longer there to read (a fence since will drop the block)
        var access = memory switch
        {
            BlockKey.DirectRam => new MemoryAccess(_ram, null),
            BlockKey.ViaMmu => new MemoryAccess(null, null),
            BlockKey.UserLinear => new MemoryAccess(null, null, LinearWindow.For(Mmu.LinearUserWindow!, _ram)),
            _ => new MemoryAccess(null, TlbWindow.For(Mmu.Tlb, memory, _ram)),
        };
        var code = guest.PhysicalRanges(block.PhysicalPc);
        // Dynamic-rounding arithmetic inline only while the program runs in RNE (see BlockTranslator.Translate).
        bool inlineDynamicRounding = Hart.Csrs.Frm == (uint)SoftFloat.RoundingMode.NearestEven;
        CompiledRegion Translate() => BlockTranslator.Translate(guest, block.PhysicalPc, code, _runtime, _interpreter, access, inlineDynamicRounding);
        // From here a write to any of the region's code invalidates the block, and with it a compilation under way.
        _cache.SetCode(block, code, guest.OtherPages);
        if (_compileInBackground)
        {
            // The cold blocks at the region's leaders will enter it: none of them starts a region of its own meanwhile.
            var waiting = new List<TranslatedBlock>();
            foreach (var other in inPage)
                if (other.Entry == null && !other.Compiling && guest.IsLeader(other.GuestPc))
                    waiting.Add(other);
            waiting.Add(block);
            foreach (var other in waiting)
                other.Compiling = true;
            var job = new RegionCompilation(block, guest, waiting, Translate, _compiled);
            _queued.Add(job);
            BackgroundCompiler.Enqueue(job);
            return;
        }
        var region = Translate();
        region.Compile();
        Install(block, region, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Waits for the regions this translator has queued for the background compiler and installs them, so that the
    /// next run finds them compiled (for tests and tools that need a settled cache).
    /// </summary>
    public void CompleteCompilations()
    {
        while (_queued.Count > 0)
        {
            if (_compiled.IsEmpty)
                Thread.Sleep(1);
            else
                InstallCompiled();
        }
    }

    /// <summary>
    /// Whether <paramref name="block"/>, hot now, is a leader of a region already queued that holds its page's code
    /// (a block first entered after that region was queued): it then waits for that region, which it will enter once
    /// installed, instead of queuing a copy of the same code.
    /// </summary>
    private bool WaitForQueuedRegion(TranslatedBlock block)
    {
        foreach (var job in _queued)
        {
            var root = job.Root;
            if (root.Valid && root.Key.Memory == block.Key.Memory
                && job.Guest.DecodedFrom(PageMapping.Of(root.GuestPc, root.PhysicalPc), block.GuestPc, block.PhysicalPc)
                && job.Guest.IsLeader(block.GuestPc))
            {
                block.Compiling = true;
                job.Waiting.Add(block);
                return true;
            }
        }
        return false;
    }

    private void InstallCompiled()
    {
        while (_compiled.TryDequeue(out var job))
        {
            _queued.RemoveAt(_queued.FindIndex(queued => ReferenceEquals(queued, job)));
            foreach (var waiting in job.Waiting)
                waiting.Compiling = false;
            job.Failure?.Throw();
            if (job.Root.Valid && job.Root.Entry == null) // else its code was written, or the cache flushed, meanwhile
                Install(job.Root, job.Region!, job.Time);
        }
    }

    private void Install(TranslatedBlock block, CompiledRegion region, TimeSpan translationTime)
    {
        Enter(block, region, region.IndexOf(block.GuestPc));
        // Cold entries at the region's leaders, in its entry's page and in the pages of the callees it took in, run
        // in it from now on, rather than becoming overlapping regions; those in the middle of its basic blocks stay
        // cold (and are no other region's roots) unless they become hot.
        EnterColdBlocks(region.Home.Physical, block.Key, region);
        foreach (var page in region.OtherPages)
            EnterColdBlocks(page.Physical, block.Key, region);
        block.TranslationTime = translationTime;
        Statistics.BlocksTranslated++;
        Statistics.TranslationTime += translationTime;
    }

    private void EnterColdBlocks(ulong physicalPage, BlockKey owner, CompiledRegion region)
    {
        foreach (var other in _cache.InPage(physicalPage))
            if (other.Entry == null && other.Translatable && other.Valid && ServesEntry(region, owner, other.Key, out int index))
                Enter(other, region, index);
    }

    // Whether code translated for one key serves the other: the same memory path and the same virtual-to-physical offset.
    private static bool SameContext(BlockKey a, BlockKey b) =>
        a.Memory == b.Memory && a.VirtualPc - a.PhysicalPc == b.VirtualPc - b.PhysicalPc;

    /// <summary>Makes <paramref name="entry"/> run <paramref name="region"/> from its instruction <paramref name="index"/>.</summary>
    private void Enter(TranslatedBlock entry, CompiledRegion region, int index)
    {
        entry.Region = region;
        entry.Entry = region.EntryAt(index);
        entry.Context = (BlockContext)entry.Entry.Target!;
        entry.InstructionCount = region.Count;
        if (!ReferenceEquals(entry.Code, region.Code)) // a cold block at one of the region's leaders
            _cache.SetCode(entry, region.Code, region.PagesBesides(entry.GuestPc));
    }

    /// <summary>Adds the instructions retired in compiled code to minstret, mcycle (honouring mcountinhibit) and RetiredSinceReset.</summary>
    private void FlushCounters()
    {
        if (_pendingRetired == 0)
            return;
        ulong delta = (ulong)_pendingRetired;
        _pendingRetired = 0;
        Hart.RetiredSinceReset += delta;
        ulong inhibit = Hart.Csrs.Mcountinhibit;
        if ((inhibit & CycleInhibit) == 0)
            Hart.Cycles += delta;
        if ((inhibit & InstructionsRetiredInhibit) == 0)
            Hart.InstructionsRetired += delta;
    }
}
