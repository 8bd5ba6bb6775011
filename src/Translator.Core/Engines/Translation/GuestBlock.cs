using System.Runtime.CompilerServices;
using Translator.Isa;

namespace Translator.Engines.Translation;

/// <summary>Guest code at physical [<see cref="Start"/>, <see cref="End"/>).</summary>
internal readonly record struct CodeRange(ulong Start, int Length)
{
    public ulong End => Start + (ulong)Length;

    public bool Overlaps(ulong start, int length) => start < End && Start < start + (ulong)length;
}

/// <summary>
/// The guest instructions of one translation unit, decoded from its code page. A unit never leaves its 4 KiB page
/// (so one fetch translation covers it), except that its last instruction may straddle the page end when the caller
/// hands over the next page too (see <see cref="StraddlesPageEnd"/>). A translatable unit is a <em>region</em>: every translatable instruction
/// of the page reachable from the entry through fall-through, branches, jumps and calls, up to
/// <see cref="MaxInstructions"/>, held in address order and cut into basic blocks whose first instructions (their
/// leaders, <see cref="LeaderOf"/>) are where control arrives from elsewhere: the entry, branch and jump targets,
/// the fall-through after a branch (where cold blocks start, so the dispatcher finds a leader wherever a block
/// ended), return sites after calls, the instruction after a gap, and in a region every place a run was seen to
/// start (a jump-table case, say), so that what entered there before enters the region rather than a copy of it. Translated code counts retired instructions per basic
/// block, and the dispatcher and jalr enter a compiled region only at leaders.
/// An untranslatable unit is the straight run of instructions the interpreter executes instead.
/// </summary>
internal sealed class GuestBlock
{
    // Big enough for a function's hot loops and the code around them (fewer exits between regions of one page);
    // IL stays near 25 KB, well below the sizes at which RyuJIT stops optimizing, and only the busiest guest
    // registers live in locals, so the size does not add spills.
    public const int MaxInstructions = 256;
    private const int MaxInterpretedRun = 16;
    public const int PageShift = 12;
    public const int PageSize = 1 << PageShift;

    private GuestBlock(ulong virtualPc, DecodedInstruction[] instructions, ulong[] pcs, bool translatable, bool[]? entered = null)
    {
        VirtualPc = virtualPc;
        Instructions = instructions;
        Pcs = pcs;
        Translatable = translatable;
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

    /// <summary>The instructions, in address order.</summary>
    public DecodedInstruction[] Instructions { get; }

    /// <summary>The virtual pc of each instruction.</summary>
    public ulong[] Pcs { get; }

    /// <summary>
    /// The unit's code as runs of adjacent instructions, at physical addresses for a unit entered at
    /// <paramref name="physicalPc"/>; when it <see cref="StraddlesPageEnd"/>, the straddler's upper half is a range of
    /// its own at <paramref name="nextPagePhysical"/>, where the next virtual page lies.
    /// </summary>
    public CodeRange[] PhysicalRanges(ulong physicalPc, ulong nextPagePhysical = 0)
    {
        ulong delta = physicalPc - VirtualPc;
        int count = StraddlesPageEnd ? 1 : 0;
        for (int i = 0; i < Count; i++)
            if (i == 0 || !Adjacent(i - 1))
                count++;
        var ranges = new CodeRange[count];
        for (int i = 0, r = -1; i < Count; i++)
        {
            if (r >= 0 && Adjacent(i - 1))
                ranges[r] = ranges[r] with { Length = ranges[r].Length + Instructions[i].Length };
            else
                ranges[++r] = new CodeRange(Pcs[i] + delta, Instructions[i].Length);
        }
        if (StraddlesPageEnd)
        {
            ref var last = ref ranges[count - 2]; // the straddler is the unit's highest instruction
            int beyond = (int)(last.End - ((physicalPc & ~(ulong)(PageSize - 1)) + PageSize));
            last = last with { Length = last.Length - beyond };
            ranges[count - 1] = new CodeRange(nextPagePhysical, beyond);
        }
        return ranges;
    }

    /// <summary>Whether the last instruction ends in the next page (a 4-byte instruction at the page's last 2 bytes).</summary>
    public bool StraddlesPageEnd => Count > 0 && (Pcs[^1] & (PageSize - 1)) + (ulong)Instructions[^1].Length > PageSize;

    // Whether instruction i + 1 starts where instruction i ends.
    private bool Adjacent(int i) => Pcs[i] + Instructions[i].Length == Pcs[i + 1];

    public bool Translatable { get; }
    public int Count => Instructions.Length;

    /// <summary>For each instruction, the index of the leader of its basic block.</summary>
    public int[] LeaderOf { get; }

    /// <summary>Whether the instruction at <paramref name="pc"/> is a leader of the unit.</summary>
    public bool IsLeader(ulong pc) => IndexOf(pc) is var index and >= 0 && LeaderOf[index] == index;

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
    /// An instruction straddling the page end is decoded with its upper half from <paramref name="nextPage"/> (the host
    /// page of the next virtual page), if given; else the run ends before it, and is empty when it is the first.
    /// </summary>
    public static unsafe GuestBlock Scan(byte* page, int offset, ulong virtualPc, byte* nextPage = null)
    {
        // Two passes, counting and then filling arrays (a list of DecodedInstruction is generic code that start-up
        // would have to compile).
        int count = 0;
        bool translatable = false;
        for (int at = offset; TryDecode(page, at, nextPage) is { } d; at += d.Length)
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
        for (int i = 0, at = offset; i < count; at += instructions[i++].Length)
        {
            instructions[i] = TryDecode(page, at, nextPage)!.Value;
            pcs[i] = virtualPc + (ulong)(at - offset);
        }
        return new GuestBlock(virtualPc, instructions, pcs, translatable);
    }

    private GuestBlock(ulong virtualPc)
    {
        VirtualPc = virtualPc;
        Instructions = [];
        Pcs = [];
        LeaderOf = [];
    }

    private static unsafe DecodedInstruction? TryDecode(byte* page, int offset, byte* nextPage)
    {
        if (offset + 2 > PageSize)
            return null;
        uint raw = Unsafe.ReadUnaligned<ushort>(page + offset);
        if ((raw & 3) == 3)
        {
            if (offset + 4 <= PageSize)
                raw = Unsafe.ReadUnaligned<uint>(page + offset);
            else if (nextPage != null)
                raw |= (uint)Unsafe.ReadUnaligned<ushort>(nextPage) << 16;
            else
                return null; // straddles the page end: the interpreter fetches it
        }
        return Decoder.Decode(raw);
    }

    /// <summary>
    /// Decodes the region entered at byte <paramref name="entry"/> of the host code page <paramref name="page"/>. The
    /// region holds only code seen running: the straight runs (to the next branch or jump) that start at the entry
    /// or at <paramref name="seenRuns"/> (offsets of the page's runs seen executing, with the times each was
    /// entered, at least once). It grows from the entry along branches, jumps, calls and return sites into seen runs, and from
    /// <paramref name="extraRoots"/> (jump-table cases, for one, are reachable by no direct branch), always taking
    /// the most entered run it has reached next, until it holds <see cref="MaxInstructions"/>: when the page has more
    /// seen code than that, what is left out is the coldest. Paths never seen become exits, so the region stays
    /// small and quick to compile. <paramref name="nextPage"/> serves an instruction straddling the page end, as in
    /// <see cref="Scan"/>.
    /// </summary>
    public static unsafe GuestBlock ScanRegion(byte* page, int entry, ulong virtualPc, SeenRun[] seenRuns, int[] extraRoots, byte* nextPage = null)
    {
        ulong pageBase = virtualPc - (ulong)entry;
        // Per 2-byte offset of the page: the instruction found there, how often a run starting there was seen
        // entered (0: never seen running), and whether it has been queued.
        const int Slots = PageSize / 2;
        var found = new DecodedInstruction?[Slots];
        var entries = new long[Slots];
        var queued = new bool[Slots];
        int count = 0;
        var queue = new RunQueue(Slots); // the most entered run first
        foreach (var run in seenRuns)
            entries[run.Offset >> 1] = run.Entries;
        entries[entry >> 1] = long.MaxValue;
        Follow(virtualPc);
        foreach (int root in extraRoots)
            Follow(pageBase + (ulong)root);
        while (count < MaxInstructions && queue.Count > 0)
        {
            for (int offset = queue.Dequeue(); count < MaxInstructions && offset < PageSize && found[offset >> 1] == null; )
            {
                if (TryDecode(page, offset, nextPage) is not { } d || !BlockTranslator.IsTranslatable(in d))
                    break; // the region exits to this pc
                found[offset >> 1] = d;
                count++;
                ulong here = pageBase + (ulong)offset;
                ulong next = here + d.Length;
                if (DirectTarget(d, here) is { } jump)
                    Follow(jump);
                if (d.Info.Has(InstructionFlags.Branch) || !FallsThrough(d))
                {
                    // Past a call (jal/jalr that links) comes its return site.
                    if (FallsThrough(d) || d.Rd != 0)
                        Follow(next);
                    break;
                }
                offset += d.Length;
            }
        }
        var instructions = new DecodedInstruction[count];
        var pcs = new ulong[count];
        var entered = new bool[count];
        for (int slot = 0, i = 0; slot < Slots; slot++)
        {
            if (found[slot] is not { } d)
                continue;
            instructions[i] = d;
            entered[i] = entries[slot] > 0;
            pcs[i++] = pageBase + (ulong)(2 * slot);
        }
        return new GuestBlock(virtualPc, instructions, pcs, translatable: true, entered);

        void Follow(ulong pc)
        {
            ulong target = pc - pageBase;
            if (target < PageSize && (target & 1) == 0 && entries[target >> 1] > 0 && !queued[target >> 1])
            {
                queued[target >> 1] = true;
                queue.Enqueue((int)target, entries[target >> 1]);
            }
        }
    }

    /// <summary>
    /// Offsets of runs to take into a region, the most entered first (the lower offset on a tie): a binary heap over
    /// arrays, since PriorityQueue&lt;int, long&gt; is generic code that the first region would wait for RyuJIT to compile.
    /// </summary>
    private sealed class RunQueue(int capacity)
    {
        private readonly int[] _offsets = new int[capacity];
        private readonly long[] _entries = new long[capacity];

        public int Count { get; private set; }

        public void Enqueue(int offset, long entries)
        {
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

/// <summary>A run of a page seen executing: its offset in the page and how often it was entered.</summary>
internal readonly record struct SeenRun(int Offset, long Entries);
