using System.Runtime.CompilerServices;
using Translator.Isa;

namespace Translator.Engines.Translation;

/// <summary>Guest code at physical [<see cref="Start"/>, <see cref="End"/>).</summary>
internal readonly record struct CodeRange(ulong Start, int Length)
{
    public ulong End => Start + (ulong)Length;

    public bool Overlaps(ulong start, int length) => start < End && Start < start + (ulong)length;
}

/// <summary>Where a virtual page of guest code lay in physical memory when it was decoded.</summary>
internal readonly record struct PageMapping(ulong Virtual, ulong Physical)
{
    /// <summary>The mapping of the page that holds virtual <paramref name="virtualPc"/> at physical <paramref name="physicalPc"/>.</summary>
    public static PageMapping Of(ulong virtualPc, ulong physicalPc) =>
        new(virtualPc & ~(ulong)(GuestBlock.PageSize - 1), physicalPc & ~(ulong)(GuestBlock.PageSize - 1));

    /// <summary>No pages (not Array.Empty, which is generic code that ReadyToRun leaves to RyuJIT).</summary>
    public static readonly PageMapping[] None = new PageMapping[0];
}

/// <summary>A page of guest code besides the entry's: its mapping, its bytes in the host and the runs seen executing there.</summary>
internal readonly record struct CodePage(PageMapping Mapping, nint Host, SeenRun[] SeenRuns);

/// <summary>
/// The pages a unit may take code from besides its entry's. Only where a page's mapping cannot change unnoticed
/// (see TranslatorEngine): M-mode straight to RAM, and user mode, whose mappings change only by full fences.
/// </summary>
internal interface ICodePageSource
{
    /// <summary>The code page at virtual <paramref name="virtualBase"/>, if it can be taken.</summary>
    bool TryGet(ulong virtualBase, out CodePage page);
}

/// <summary>
/// The guest instructions of one translation unit, decoded from its entry's code page and, where an
/// <see cref="ICodePageSource"/> allows, from a few others (<see cref="OtherPages"/>). A cold unit never leaves its
/// page but for a last instruction straddling the page end. A translatable unit is a <em>region</em>: every
/// translatable instruction seen running that is reachable from the entry through fall-through, branches, jumps and
/// calls, up to <see cref="MaxInstructions"/>, held in address order and cut into basic blocks whose first
/// instructions (their leaders, <see cref="LeaderOf"/>) are where control arrives from elsewhere: the entry, branch
/// and jump targets, the fall-through after a branch (where cold blocks start, so the dispatcher finds a leader
/// wherever a block ended), return sites after calls, the instruction after a gap, and in a region every place a run
/// was seen to start (a jump-table case, say), so that what entered there before enters the region rather than a
/// copy of it. A region that calls a function in another page takes that page's seen code in too (up to
/// <see cref="MaxOtherPages"/> pages), so the call and its return stay inside the compiled method; a call through
/// a register (a function pointer, a vtable) is followed to the one function it was seen calling
/// (<see cref="CallTargetOf"/>), which the compiled jalr jumps to after checking its target. Translated code counts
/// retired instructions per basic block; jalr enters a compiled region only at leaders of its entry's page, the
/// dispatcher at any of its leaders.
/// An untranslatable unit is the straight run of instructions the interpreter executes instead.
/// </summary>
internal sealed class GuestBlock
{
    // Big enough for a function's hot loops and the code around them (fewer exits between regions, each of which
    // stores and reloads the registers held in locals and costs about 30 ns); IL stays near 30 KB, well below the
    // sizes at which RyuJIT stops optimizing, and only the busiest guest registers live in locals, so the size does
    // not add spills. 384 rather than 256: printf-heavy code and a tokenizer's state machine ran 17-26 % faster at
    // their steady state; short runs of programs with one small hot loop warm up ~10 % slower.
    public const int MaxInstructions = 384;
    // Pages besides the entry's that a region may take code from (callees, a straddler's next page): a printf calls
    // into more than two other pages, and with 4 (and 384 instructions) the exits between its regions became rarer.
    public const int MaxOtherPages = 4;
    private const int MaxInterpretedRun = 16;
    public const int PageShift = 12;
    public const int PageSize = 1 << PageShift;
    private const ulong PageMask = PageSize - 1;

    private GuestBlock(ulong virtualPc, DecodedInstruction[] instructions, ulong[] pcs, bool translatable, PageMapping[] otherPages,
        bool[]? entered = null)
    {
        VirtualPc = virtualPc;
        Instructions = instructions;
        Pcs = pcs;
        Translatable = translatable;
        OtherPages = otherPages;
        // Arrays rather than sorted collections: their generic code over int is not precompiled (start-up).
        var isLeader = new bool[instructions.Length];
        if (instructions.Length > 0)
            isLeader[0] = true;
        if (IndexOf(virtualPc) is var entry and >= 0)
            isLeader[entry] = true;
        for (int i = 1; i < instructions.Length; i++)
            if (!FallsThrough(instructions[i - 1]) || instructions[i - 1].Info.Has(InstructionFlags.Branch) || !Adjacent(i - 1)
                || (entered != null && entered[i]))
                isLeader[i] = true;
        for (int i = 0; i < instructions.Length; i++)
            if (translatable && DirectTarget(instructions[i], pcs[i]) is { } target && IndexOf(target) is var t and >= 0)
                isLeader[t] = true;
        LeaderOf = new int[instructions.Length];
        int current = 0;
        for (int i = 0; i < instructions.Length; i++)
            LeaderOf[i] = current = isLeader[i] ? i : current;
    }

    /// <summary>The pc the unit was scanned from (its entry).</summary>
    public ulong VirtualPc { get; }

    /// <summary>The virtual page of the entry.</summary>
    public ulong HomePage => VirtualPc & ~PageMask;

    /// <summary>The instructions, in address order.</summary>
    public DecodedInstruction[] Instructions { get; }

    /// <summary>The virtual pc of each instruction.</summary>
    public ulong[] Pcs { get; }

    /// <summary>
    /// The pages besides the entry's that hold some of the unit's code (a straddler's upper half, a callee), where
    /// they mapped when it was decoded: the unit holds only while they still map there.
    /// </summary>
    public PageMapping[] OtherPages { get; }

    /// <summary>
    /// Whether the unit's code in the virtual page of <paramref name="virtualPc"/> was decoded from the frame of
    /// <paramref name="physicalPc"/>, for a unit whose entry's page mapped as <paramref name="home"/> (false when the unit
    /// has no code in that page).
    /// </summary>
    public bool DecodedFrom(PageMapping home, ulong virtualPc, ulong physicalPc)
    {
        var page = PageMapping.Of(virtualPc, physicalPc);
        if (page.Virtual == home.Virtual)
            return page == home;
        foreach (var other in OtherPages)
            if (other.Virtual == page.Virtual)
                return other == page;
        return false;
    }

    /// <summary>
    /// The unit's code as runs of physically adjacent bytes, for a unit entered at <paramref name="physicalPc"/>: a run
    /// never crosses from one page into another.
    /// </summary>
    public CodeRange[] PhysicalRanges(ulong physicalPc)
    {
        // Two passes, counting and then filling (a List<CodeRange> is generic code that start-up would compile).
        var ranges = new CodeRange[Ranges(physicalPc, null)];
        Ranges(physicalPc, ranges);
        return ranges;
    }

    private int Ranges(ulong physicalPc, CodeRange[]? ranges)
    {
        int count = 0;
        ulong end = 0;
        for (int i = 0; i < Count; i++)
        {
            for (ulong pc = Pcs[i], stop = pc + Instructions[i].Length; pc < stop; )
            {
                int length = (int)Math.Min(stop - pc, PageSize - (pc & PageMask));
                ulong physical = PhysicalOf(pc, physicalPc);
                if (count > 0 && physical == end && (physical & PageMask) != 0)
                {
                    if (ranges != null)
                        ranges[count - 1] = ranges[count - 1] with { Length = ranges[count - 1].Length + length };
                }
                else if (ranges != null)
                    ranges[count++] = new CodeRange(physical, length);
                else
                    count++;
                end = physical + (ulong)length;
                pc += (ulong)length;
            }
        }
        return count;
    }

    private ulong PhysicalOf(ulong pc, ulong physicalPc)
    {
        if ((pc & ~PageMask) == HomePage)
            return pc - VirtualPc + physicalPc;
        foreach (var page in OtherPages)
            if ((pc & ~PageMask) == page.Virtual)
                return pc - page.Virtual + page.Physical;
        throw new InvalidOperationException($"pc {pc:x} lies in no page of the unit");
    }

    // Whether instruction i + 1 starts where instruction i ends.
    private bool Adjacent(int i) => Pcs[i] + Instructions[i].Length == Pcs[i + 1];

    public bool Translatable { get; }
    public int Count => Instructions.Length;

    /// <summary>For each instruction, the index of the leader of its basic block.</summary>
    public int[] LeaderOf { get; }

    // For each jalr that links and was seen calling one function, which the region holds: that function's pc (else 0).
    private ulong[] _callTargets = [];

    /// <summary>
    /// The function the jalr at <paramref name="index"/> was seen calling, where the region holds it (its first
    /// instruction is a leader: a seen run starts there); 0 for any other instruction.
    /// </summary>
    public ulong CallTargetOf(int index) => index < _callTargets.Length ? _callTargets[index] : 0;

    private void SetCallTarget(int index, ulong target)
    {
        if (_callTargets.Length == 0)
            _callTargets = new ulong[Count];
        _callTargets[index] = target;
    }

    /// <summary>Whether the instruction at <paramref name="pc"/> is a leader of the unit.</summary>
    public bool IsLeader(ulong pc) => LeaderIndexOf(pc) >= 0;

    /// <summary>The index of the instruction at <paramref name="pc"/> when it is a leader, else -1.</summary>
    public int LeaderIndexOf(ulong pc) => IndexOf(pc) is var index and >= 0 && LeaderOf[index] == index ? index : -1;

    /// <summary>The index of the instruction at <paramref name="pc"/>, or -1 when the unit holds none there.</summary>
    public int IndexOf(ulong pc)
    {
        // By hand: Array.BinarySearch<ulong> is generic code that ReadyToRun leaves to RyuJIT.
        int low = 0, high = Pcs.Length - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            if (Pcs[middle] == pc)
                return middle;
            if (Pcs[middle] < pc)
                low = middle + 1;
            else
                high = middle - 1;
        }
        return -1;
    }

    /// <summary>Whether control can continue to the next instruction after <paramref name="d"/>.</summary>
    public static bool FallsThrough(in DecodedInstruction d) => d.Opcode is not (Opcode.Jal or Opcode.Jalr);

    /// <summary>The target of a branch or jal.</summary>
    public static ulong? DirectTarget(in DecodedInstruction d, ulong pc) =>
        d.Info.Has(InstructionFlags.Branch) || d.Opcode == Opcode.Jal ? pc + (ulong)d.Imm : null;

    /// <summary>
    /// Decodes the straight run of instructions entered at byte <paramref name="offset"/> of the host code page
    /// <paramref name="page"/>: a cold block, which the interpreter runs while its entries are counted. A translatable
    /// run ends after its first branch or jump, so that every basic block the program enters is seen (and can seed a
    /// region); an untranslatable one at an instruction that ends a block, or after <see cref="MaxInterpretedRun"/>.
    /// It ends at the page end, but an instruction straddling it is decoded with its upper half from the next page,
    /// where <paramref name="otherPages"/> gives that page; else the run ends before it, and is empty when it is the first.
    /// </summary>
    public static unsafe GuestBlock Scan(byte* page, int offset, ulong virtualPc, ICodePageSource? otherPages = null)
    {
        var pages = new ScanPages(virtualPc & ~PageMask, page, SeenRun.None, otherPages, maxOthers: 1, forRegion: false);
        // Two passes, counting and then filling arrays (a list of DecodedInstruction is generic code that start-up
        // would have to compile).
        int count = 0;
        bool translatable = false;
        for (ulong pc = virtualPc; (pc & ~PageMask) == pages.Home.VirtualBase && pages.TryDecode(pc) is { } d; pc += d.Length)
        {
            bool native = BlockTranslator.IsTranslatable(in d);
            if (count == 0)
                translatable = native;
            if (native != translatable || count == (translatable ? MaxInstructions : MaxInterpretedRun))
                break;
            count++;
            if (translatable ? DirectTarget(d, 0) != null || d.Opcode == Opcode.Jalr : d.Info.Has(InstructionFlags.EndsBlock))
                break;
        }
        if (count == 0)
            return new GuestBlock(virtualPc);
        var instructions = new DecodedInstruction[count];
        var pcs = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            pcs[i] = i == 0 ? virtualPc : pcs[i - 1] + instructions[i - 1].Length;
            instructions[i] = pages.TryDecode(pcs[i])!.Value;
        }
        return new GuestBlock(virtualPc, instructions, pcs, translatable, pages.MappingsUsedBy(instructions, pcs));
    }

    private GuestBlock(ulong virtualPc)
    {
        VirtualPc = virtualPc;
        Instructions = [];
        Pcs = [];
        LeaderOf = [];
        OtherPages = PageMapping.None;
    }

    /// <summary>
    /// Decodes the region entered at byte <paramref name="entry"/> of the host code page <paramref name="page"/>. The
    /// region holds only code seen running: the straight runs (to the next branch or jump) that start at the entry
    /// or at <paramref name="seenRuns"/> (offsets of the page's runs seen executing, with the times each was
    /// entered, at least once), and the seen runs of the other pages that <paramref name="otherPages"/> gives (up to
    /// <see cref="MaxOtherPages"/> of them). It grows from the entry along branches, jumps, calls and return sites into
    /// seen runs, and from <paramref name="extraRoots"/> (offsets in the entry's page: jump-table cases, for one, are
    /// reachable by no direct branch), always taking the most entered run it has reached next, until it holds
    /// <see cref="MaxInstructions"/>: when there is more seen code than that, what is left out is the coldest. Paths
    /// never seen become exits, so the region stays small and quick to compile. Without <paramref name="otherPages"/>
    /// the region stays in its page and ends before an instruction straddling the page end.
    /// </summary>
    public static unsafe GuestBlock ScanRegion(byte* page, int entry, ulong virtualPc, SeenRun[] seenRuns, int[] extraRoots,
        ICodePageSource? otherPages = null)
    {
        var pages = new ScanPages(virtualPc & ~PageMask, page, seenRuns, otherPages, MaxOtherPages, forRegion: true);
        pages.Home.EnterFirstAt(entry);
        int count = 0;
        var queue = new RunQueue(); // the most entered run first
        var found = new DecodedInstruction[MaxInstructions]; // in the order taken; each page knows its slots' places here
        var callSites = new List<ulong>(); // jalr that link, with the function each was seen calling
        var callees = new List<ulong>();
        Follow(virtualPc);
        foreach (int root in extraRoots)
            Follow(pages.Home.VirtualBase + (ulong)root);
        while (count < MaxInstructions && queue.Count > 0)
        {
            int key = queue.Dequeue();
            var scanned = pages.Opened(key / PageSize);
            for (ulong pc = scanned.VirtualBase + (ulong)(key % PageSize); count < MaxInstructions; )
            {
                if (scanned.Taken((int)(pc & PageMask) >> 1) || pages.TryDecode(pc) is not { } d || !BlockTranslator.IsTranslatable(in d))
                    break; // the region goes on there, or exits to this pc
                found[count] = d;
                scanned.Take((int)(pc & PageMask) >> 1, count++);
                ulong next = pc + d.Length;
                // Into another page only by a call: following every branch and jump there took in more code than it paid for.
                if (DirectTarget(d, pc) is { } jump && ((jump & ~PageMask) == scanned.VirtualBase || (d.Opcode == Opcode.Jal && d.Rd != 0)))
                    Follow(jump);
                if (d.Info.Has(InstructionFlags.Branch) || !FallsThrough(d))
                {
                    // Past a call (jal/jalr that links) comes its return site.
                    if (FallsThrough(d) || d.Rd != 0)
                        Follow(next);
                    // A call through a register (a function pointer, a vtable) is followed to the one function the
                    // run was seen calling; the compiled jalr checks its target before it jumps there.
                    if (d.Opcode == Opcode.Jalr && d.Rd != 0 && scanned.SuccessorOfRunAt(key % PageSize) is var callee and not 0)
                    {
                        Follow(callee);
                        callSites.Add(pc);
                        callees.Add(callee);
                    }
                    break;
                }
                if ((next & ~PageMask) != scanned.VirtualBase)
                {
                    Follow(next); // on into the next page only where code there was seen running
                    break;
                }
                pc = next;
            }
        }
        // In address order: the pages by address, then their instructions.
        var ordered = pages.ByAddress();
        var instructions = new DecodedInstruction[count];
        var pcs = new ulong[count];
        var entered = new bool[count];
        int i = 0;
        foreach (var scanned in ordered)
        {
            for (int slot = 0; slot < ScanPages.Slots; slot++)
            {
                if (!scanned.Taken(slot))
                    continue;
                instructions[i] = found[scanned.TakenAs(slot)];
                entered[i] = scanned.EntriesAt(slot) > 0;
                pcs[i++] = scanned.VirtualBase + (ulong)(2 * slot);
            }
        }
        var region = new GuestBlock(virtualPc, instructions, pcs, translatable: true, pages.MappingsUsedBy(instructions, pcs), entered);
        for (int call = 0; call < callSites.Count; call++)
            if (region.IndexOf(callees[call]) is var callee and >= 0 && region.LeaderOf[callee] == callee)
                region.SetCallTarget(region.IndexOf(callSites[call]), callees[call]);
        return region;

        void Follow(ulong pc)
        {
            if ((pc & 1) != 0 || pages.Open(pc & ~PageMask) is not { } target)
                return;
            int slot = (int)(pc & PageMask) >> 1;
            if (target.EntriesAt(slot) is var entries and > 0 && target.QueueOnce(slot))
                queue.Enqueue(target.Index * PageSize + 2 * slot, entries);
        }
    }

    /// <summary>
    /// The pages a scan reads: the entry's, and others opened from the source as the scan reaches them. Instructions
    /// are decoded from at most a given number of pages besides the entry's (the first ones reached).
    /// </summary>
    private sealed unsafe class ScanPages
    {
        public const int Slots = PageSize / 2;
        private readonly ICodePageSource? _source;
        private readonly int _maxOthers;
        private readonly bool _forRegion;
        private readonly List<ScannedPage> _opened = new(); // Home first; a class, so the list's code is precompiled
        private readonly List<ulong> _unavailable = new();
        private int _othersDecoded;

        public ScanPages(ulong homeBase, byte* home, SeenRun[] seenRuns, ICodePageSource? source, int maxOthers, bool forRegion)
        {
            _source = source;
            _maxOthers = maxOthers;
            _forRegion = forRegion;
            Home = new ScannedPage(0, homeBase, home, seenRuns, mapping: null, forRegion) { Decoded = true };
            _opened.Add(Home);
        }

        public ScannedPage Home { get; }

        public ScannedPage Opened(int index) => _opened[index];

        /// <summary>The page at <paramref name="virtualBase"/>, opened now if the source gives it and the limit allows.</summary>
        public ScannedPage? Open(ulong virtualBase)
        {
            foreach (var known in _opened)
                if (known.VirtualBase == virtualBase)
                    return known;
            if (_source == null || _unavailable.Contains(virtualBase))
                return null;
            if (!_source.TryGet(virtualBase, out var page))
            {
                _unavailable.Add(virtualBase);
                return null;
            }
            var opened = new ScannedPage(_opened.Count, virtualBase, (byte*)page.Host, page.SeenRuns, page.Mapping, _forRegion);
            _opened.Add(opened);
            return opened;
        }

        // The page at virtualBase, if instructions may be decoded from it (it is counted as decoded from from now on).
        private ScannedPage? OpenToDecode(ulong virtualBase)
        {
            if (Open(virtualBase) is not { } page)
                return null;
            if (!page.Decoded)
            {
                if (_othersDecoded == _maxOthers)
                    return null;
                _othersDecoded++;
                page.Decoded = true;
            }
            return page;
        }

        /// <summary>Decodes the instruction at <paramref name="pc"/>; null where its bytes lie in a page not open to the scan.</summary>
        public DecodedInstruction? TryDecode(ulong pc)
        {
            if (OpenToDecode(pc & ~PageMask) is not { } page)
                return null;
            int offset = (int)(pc & PageMask);
            if (offset + 2 > PageSize)
                return null;
            uint raw = Unsafe.ReadUnaligned<ushort>(page.Host + offset);
            if ((raw & 3) == 3)
            {
                if (offset + 4 <= PageSize)
                    raw = Unsafe.ReadUnaligned<uint>(page.Host + offset);
                else if (OpenToDecode(page.VirtualBase + PageSize) is { } next)
                    raw |= (uint)Unsafe.ReadUnaligned<ushort>(next.Host) << 16;
                else
                    return null; // straddles the page end: the interpreter fetches it
            }
            return Decoder.Decode(raw);
        }

        /// <summary>The opened pages, by virtual address.</summary>
        public ScannedPage[] ByAddress()
        {
            var pages = _opened.ToArray();
            for (int i = 1; i < pages.Length; i++)
                for (int j = i; j > 0 && pages[j - 1].VirtualBase > pages[j].VirtualBase; j--)
                    (pages[j - 1], pages[j]) = (pages[j], pages[j - 1]);
            return pages;
        }

        /// <summary>The mappings of the pages other than the entry's that the instructions' bytes lie in.</summary>
        public PageMapping[] MappingsUsedBy(DecodedInstruction[] instructions, ulong[] pcs)
        {
            var used = new bool[_opened.Count];
            int count = 0;
            for (int i = 0; i < instructions.Length; i++)
            {
                Use(pcs[i]);
                Use(pcs[i] + instructions[i].Length - 1); // a straddler's upper half
            }
            var mappings = count == 0 ? PageMapping.None : new PageMapping[count];
            for (int index = 1, m = 0; index < _opened.Count; index++)
                if (used[index])
                    mappings[m++] = _opened[index].Mapping!.Value;
            return mappings;

            void Use(ulong pc)
            {
                var page = Open(pc & ~PageMask)!;
                if (page.Index > 0 && !used[page.Index])
                {
                    used[page.Index] = true;
                    count++;
                }
            }
        }
    }

    /// <summary>
    /// One page of a scan. For a region, per 2-byte offset: the seen run starting there (if any), the place in the scan's
    /// list of the instruction taken from there (if any), and whether it has been queued: ~10 KB a page, as a region's
    /// scan opens a page for every function it calls, on the guest's thread (decoded instructions and counts per
    /// offset were ~100 KB a page, 17 MB of garbage in a user-mode printf benchmark).
    /// </summary>
    private sealed unsafe class ScannedPage
    {
        public ScannedPage(int index, ulong virtualBase, byte* host, SeenRun[] seenRuns, PageMapping? mapping, bool forRegion)
        {
            Index = index;
            VirtualBase = virtualBase;
            Host = host;
            Mapping = mapping;
            if (!forRegion)
                return; // a cold scan needs none of the tables
            _runAt = new short[ScanPages.Slots];
            _takenAs = new short[ScanPages.Slots];
            _queued = new bool[ScanPages.Slots];
            _seenRuns = seenRuns;
            for (int run = 0; run < seenRuns.Length; run++)
                _runAt[seenRuns[run].Offset >> 1] = (short)(run + 1);
        }

        public readonly int Index; // in the order opened; 0 is the entry's page
        public readonly ulong VirtualBase;
        public readonly byte* Host;
        public readonly PageMapping? Mapping; // null for the entry's page
        public bool Decoded; // whether instructions may be decoded from it (see ScanPages)
        private readonly SeenRun[] _seenRuns = SeenRun.None;
        private readonly short[] _runAt = null!; // 1 + the index in _seenRuns of the run seen starting at a slot, or 0
        private readonly short[] _takenAs = null!; // 1 + the place in the scan's list of the instruction taken, or 0
        private readonly bool[] _queued = null!;
        private int _entrySlot = -1;

        /// <summary>Makes the run at byte <paramref name="offset"/> the scan's entry: it comes first, seen or not.</summary>
        public void EnterFirstAt(int offset) => _entrySlot = offset >> 1;

        /// <summary>How often the run starting at <paramref name="slot"/> was seen entered (0: never seen running).</summary>
        public long EntriesAt(int slot) =>
            slot == _entrySlot ? long.MaxValue : _runAt[slot] is var run and > 0 ? _seenRuns[run - 1].Entries : 0;

        /// <summary>The one pc the run seen starting at byte <paramref name="offset"/> went on to, or 0.</summary>
        public ulong SuccessorOfRunAt(int offset) => _runAt[offset >> 1] is var run and > 0 ? _seenRuns[run - 1].Successor : 0;

        /// <summary>Whether the run at <paramref name="slot"/> was not yet queued (and is now marked queued).</summary>
        public bool QueueOnce(int slot) => !_queued[slot] && (_queued[slot] = true);

        /// <summary>Whether an instruction has been taken from <paramref name="slot"/>.</summary>
        public bool Taken(int slot) => _takenAs[slot] != 0;

        /// <summary>The place in the scan's list of the instruction taken from <paramref name="slot"/>.</summary>
        public int TakenAs(int slot) => _takenAs[slot] - 1;

        /// <summary>Records that the instruction at <paramref name="slot"/> is the scan's <paramref name="place"/>th.</summary>
        public void Take(int slot, int place) => _takenAs[slot] = (short)(place + 1);
    }

    /// <summary>
    /// Keys (page index times the page size, plus offset) of runs to take into a region, the most entered first (the
    /// lower key on a tie): a binary heap over arrays that grow as needed, since PriorityQueue&lt;int, long&gt; is
    /// generic code that the first region would wait for RyuJIT to compile.
    /// </summary>
    private sealed class RunQueue
    {
        private int[] _offsets = new int[64];
        private long[] _entries = new long[64];

        public int Count { get; private set; }

        public void Enqueue(int offset, long entries)
        {
            if (Count == _offsets.Length)
            {
                Array.Resize(ref _offsets, 2 * Count);
                Array.Resize(ref _entries, 2 * Count);
            }
            int at = Count++;
            for (int parent; at > 0 && Before(offset, entries, parent = (at - 1) / 2); at = parent)
                Put(at, _offsets[parent], _entries[parent]);
            Put(at, offset, entries);
        }

        public int Dequeue()
        {
            int first = _offsets[0];
            int lastOffset = _offsets[--Count];
            long lastEntries = _entries[Count];
            int at = 0;
            for (int child; (child = 2 * at + 1) < Count; at = child)
            {
                if (child + 1 < Count && Before(_offsets[child + 1], _entries[child + 1], child))
                    child++;
                if (!Before(_offsets[child], _entries[child], lastOffset, lastEntries))
                    break;
                Put(at, _offsets[child], _entries[child]);
            }
            Put(at, lastOffset, lastEntries);
            return first;
        }

        private bool Before(int offset, long entries, int slot) => Before(offset, entries, _offsets[slot], _entries[slot]);

        private static bool Before(int offset, long entries, int otherOffset, long otherEntries) =>
            entries > otherEntries || (entries == otherEntries && offset < otherOffset);

        private void Put(int slot, int offset, long entries)
        {
            _offsets[slot] = offset;
            _entries[slot] = entries;
        }
    }
}

/// <summary>
/// A run of a page seen executing: its byte offset in the page, how often the dispatcher entered it, and the one pc it
/// was seen going on to (<see cref="TranslatedBlock.OnlySuccessor"/>, 0 for none), which a region follows where the
/// run ends in a call through a register.
/// </summary>
internal readonly record struct SeenRun(int Offset, long Entries, ulong Successor = 0)
{
    /// <summary>The run of a cold block.</summary>
    public static SeenRun Of(TranslatedBlock block) =>
        new((int)(block.GuestPc & (GuestBlock.PageSize - 1)), block.Dispatched, block.OnlySuccessor);

    /// <summary>No runs (not Array.Empty, which is generic code that ReadyToRun leaves to RyuJIT).</summary>
    public static readonly SeenRun[] None = new SeenRun[0];
}
