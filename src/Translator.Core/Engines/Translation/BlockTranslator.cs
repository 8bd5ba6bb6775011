using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Translator.Isa;
using Translator.Memory;

namespace Translator.Engines.Translation;

/// <summary>
/// What a compiled region's delegate is closed over: the shared runtime, the decoded instructions it hands to the
/// interpreter, the instruction it is entered at, the leader at each 2-byte offset of its entry's page (-1 for none),
/// for jalr targets there, and each instruction's pc and leader, for the exit that leaves before an
/// instruction (one shared exit instead of one per instruction); and the counters compiled code keeps for the entry
/// when it enters or leaves it without the dispatcher (see <see cref="ChainEntry"/>).
/// </summary>
internal sealed unsafe class BlockContext(BlockRuntime runtime, Interpreter interpreter, GuestBlock block, int entry, int[] indexAt)
{
    public readonly BlockRuntime Runtime = runtime;
    public readonly Interpreter Interpreter = interpreter;
    public readonly DecodedInstruction[] Instructions = block.Instructions;
    public readonly int Entry = entry;
    // Compiled code reads the table only through IndexAtAddress; this reference keeps the pinned array alive for as
    // long as any entry's code can run.
    public readonly int[] IndexAt = indexAt;

    /// <summary>Where <see cref="IndexAt"/>'s elements start (the array is pinned): jalr reads them without a bounds check.</summary>
    public readonly nint IndexAtAddress = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(indexAt));
    public readonly ulong[] Pcs = block.Pcs;
    public readonly int[] LeaderOf = block.LeaderOf;

    /// <summary>Times compiled code entered here straight from another region.</summary>
    public long ChainedEntries;

    /// <summary>Instructions retired from here before going on into another region.</summary>
    public long ChainedRetired;

    /// <summary>Exits that went on into another region, by <see cref="BlockExitKind"/> (Direct and Indirect only).</summary>
    public readonly long[] ChainedExits = new long[(int)BlockExitKind.Indirect + 1];
}

/// <summary>
/// A compiled region: one DynamicMethod that may be entered at any of its basic blocks' leaders, through a delegate
/// per entry made when the dispatcher first needs it. Elsewhere in a basic block (after a trap, a slow access or a
/// budget's end) the interpreter runs on to the next leader.
/// </summary>
internal sealed class CompiledRegion
{
    private readonly DynamicMethod _method;
    private readonly BlockRuntime _runtime;
    private readonly Interpreter _interpreter;
    private readonly GuestBlock _block;
    private readonly int[] _indexAt;

    internal CompiledRegion(DynamicMethod method, GuestBlock block, ulong physicalPc, CodeRange[] code, BlockRuntime runtime, Interpreter interpreter,
        int ilSize)
    {
        Code = code;
        Home = PageMapping.Of(block.VirtualPc, physicalPc);
        _method = method;
        _runtime = runtime;
        _interpreter = interpreter;
        _block = block;
        _indexAt = GC.AllocateArray<int>(GuestBlock.PageSize / 2, pinned: true); // see BlockContext.IndexAtAddress
        for (int i = 0; i < _indexAt.Length; i++)
            _indexAt[i] = -1; // a loop: Array.Fill<int> is generic code that RyuJIT would compile (~6 ms) before the first region
        for (int i = 0; i < block.Count; i++)
            if (block.LeaderOf[i] == i && block.Pcs[i] - Home.Virtual < GuestBlock.PageSize) // the entry's page only
                _indexAt[(block.Pcs[i] - Home.Virtual) >> 1] = i;
        IlSize = ilSize;
    }

    private static long s_regionsCreated;

    /// <summary>Bytes of IL emitted.</summary>
    public int IlSize { get; }

    /// <summary>A number no other region in this process has.</summary>
    public long Id { get; } = Interlocked.Increment(ref s_regionsCreated);

    /// <summary>The region's guest code in physical memory.</summary>
    public CodeRange[] Code { get; }

    /// <summary>The pages besides its entry's that the region's code lies in (see <see cref="GuestBlock.OtherPages"/>).</summary>
    public PageMapping[] OtherPages => _block.OtherPages;

    /// <summary>Where the page of the region's entry (its root) mapped when the region was decoded.</summary>
    public PageMapping Home { get; }

    /// <summary>
    /// Whether the region's code in the virtual page of <paramref name="virtualPc"/> was decoded from the frame of
    /// <paramref name="physicalPc"/> (false when the region has no code in that page).
    /// </summary>
    public bool DecodedFrom(ulong virtualPc, ulong physicalPc) => _block.DecodedFrom(Home, virtualPc, physicalPc);

    /// <summary>
    /// The region's pages besides the one of <paramref name="virtualPc"/>: for an entry there, the pages it depends
    /// on besides its own (a write to any of them drops it, a remap makes it stale).
    /// </summary>
    public PageMapping[] PagesBesides(ulong virtualPc)
    {
        ulong own = virtualPc & ~(ulong)(GuestBlock.PageSize - 1);
        if (own == Home.Virtual)
            return OtherPages;
        var pages = new PageMapping[OtherPages.Length + 1];
        pages[0] = Home;
        int count = 1;
        foreach (var other in OtherPages)
            if (other.Virtual != own)
                pages[count++] = other;
        if (count == pages.Length)
            return pages;
        var trimmed = new PageMapping[count];
        Array.Copy(pages, trimmed, count);
        return trimmed;
    }

    /// <summary>Guest instructions in the region.</summary>
    public int Count => _block.Count;

    /// <summary>
    /// Makes RyuJIT compile the method now, by calling it at entry -1, which returns at once without touching the
    /// runtime or the registers (RyuJIT compiles a DynamicMethod at its first call).
    /// </summary>
    public void Compile()
    {
        ulong unused = 0;
        _method.CreateDelegate<BlockCode>(new BlockContext(_runtime, _interpreter, _block, -1, _indexAt))(ref unused);
    }

    /// <summary>What the code assumes of the FP state; the dispatcher interprets instead when the hart does not provide it.</summary>
    public FloatingPointNeeds FloatingPoint { get; init; }

    /// <summary>
    /// The index of the leader at virtual <paramref name="pc"/>, in any of the region's pages, or -1. In the entry's
    /// page this is the table jalr uses; the leaders of the other pages (callees the region took in) are entries for
    /// the dispatcher only.
    /// </summary>
    public int IndexOf(ulong pc) =>
        pc - Home.Virtual < GuestBlock.PageSize ? _indexAt[(pc - Home.Virtual) >> 1] : _block.LeaderIndexOf(pc);

    /// <summary>Whether the region holds an instruction at virtual <paramref name="pc"/>, a leader or not.</summary>
    public bool Holds(ulong pc) => _block.IndexOf(pc) >= 0;

    /// <summary>The code entered at leader <paramref name="index"/>, with counters of its own.</summary>
    public BlockCode EntryAt(int index) =>
        _method.CreateDelegate<BlockCode>(new BlockContext(_runtime, _interpreter, _block, index, _indexAt));
}

/// <summary>
/// How a block's loads and stores are inlined: straight to RAM, through the TLB's hit check, through a user linear
/// window, or neither.
/// </summary>
internal sealed record MemoryAccess(RamWindow? Ram, TlbWindow? Tlb, LinearWindow? Linear = null);

/// <summary>What translated code needs to use a <see cref="LinearUserWindow"/>: its access bytes and their count, and RAM's host base.</summary>
internal sealed unsafe record LinearWindow(nint Access, ulong AccessEntries, nint RamHost)
{
    public static LinearWindow For(LinearUserWindow window, RamWindow ram) => new((nint)window.Access, window.AccessEntries, ram.Host);
}

/// <summary>
/// What translated code needs to inline a TLB hit: the pinned entries, the layout of <see cref="Tlb.Entry"/>, the
/// permission-context bit the block's accesses need, and RAM's host base and granule flags (for the code-write check).
/// </summary>
internal sealed unsafe record TlbWindow(nint Entries, int EntrySize, int VpnOffset, int HostOffset, int InlineOffset, int ContextBit, nint RamHost, nint GranuleFlags)
{
    public static TlbWindow For(Tlb tlb, int context, RamWindow ram)
    {
        Tlb.Entry sample = default;
        byte* start = (byte*)&sample;
        return new TlbWindow((nint)tlb.Entries, sizeof(Tlb.Entry), (int)((byte*)&sample.Vpn - start), (int)((byte*)&sample.Host - start),
            (int)((byte*)&sample.InlineContexts - start), 1 << context, ram.Host, ram.GranuleFlags);
    }
}

/// <summary>Where guest RAM sits in host memory, for blocks whose loads and stores may go straight to RAM.</summary>
/// <param name="Base">The guest physical address of RAM's first byte.</param>
/// <param name="Size">RAM's size in bytes.</param>
/// <param name="Host">The host address of RAM's first byte (pinned for the machine's life).</param>
/// <param name="GranuleFlags">One byte per 64-byte RAM granule, nonzero when stores starting there must take the slow path (code, watched).</param>
internal sealed record RamWindow(ulong Base, ulong Size, nint Host, nint GranuleFlags);

/// <summary>
/// Emits the IL of one region (<see cref="GuestBlock"/>) into a <see cref="DynamicMethod"/>. Guest registers live in
/// IL locals: the ones the region uses most are loaded on entry and the ones of those it writes are stored back at the
/// single epilogue that every exit goes through; the rest are read and written in the hart's register file. x0 reads
/// as the constant 0 and writes to it are dropped. The method starts
/// with a switch to the leader it is entered at; only leaders are entries, so RyuJIT sees whole basic blocks, not
/// one per guest instruction. Branches, jumps and calls whose target lies in the region become
/// jumps inside the method, and so do jalr targets (returns, jump tables) that land on a leader in the entry's page,
/// through a table;
/// backward and computed jumps check the instruction allowance first. Other transfers are exits that set
/// <see cref="BlockRuntime.Pc"/>. A local counts the instructions retired up to the current basic block's leader,
/// so an exit at instruction i reports it plus i's distance from its leader.
/// The emitters for each area are in the Emit.*.cs files.
/// </summary>
internal sealed partial class BlockTranslator
{
    private static readonly Type[] Parameters = { typeof(BlockContext), typeof(ulong).MakeByRefType() };
    private static readonly FieldInfo RuntimeField = typeof(BlockContext).GetField(nameof(BlockContext.Runtime))!;
    private static readonly FieldInfo PcField = typeof(BlockRuntime).GetField(nameof(BlockRuntime.Pc))!;
    private static readonly FieldInfo AllowanceField = typeof(BlockRuntime).GetField(nameof(BlockRuntime.Allowance))!;
    private static readonly FieldInfo RetiredInBlockField = typeof(BlockRuntime).GetField(nameof(BlockRuntime.RetiredInBlock))!;
    private static readonly FieldInfo EntryField = typeof(BlockContext).GetField(nameof(BlockContext.Entry))!;
    private static readonly FieldInfo IndexAtAddressField = typeof(BlockContext).GetField(nameof(BlockContext.IndexAtAddress))!;
    private static readonly FieldInfo PcsField = typeof(BlockContext).GetField(nameof(BlockContext.Pcs))!;
    private static readonly FieldInfo LeaderOfField = typeof(BlockContext).GetField(nameof(BlockContext.LeaderOf))!;

    private readonly GuestBlock _block;
    private readonly FloatingPointNeeds _floatingPointNeeds; // what the region's code assumes of the FP state
    private readonly bool _inlineDynamicRounding; // see Translate
    private readonly RamWindow? _ram;
    private readonly TlbWindow? _tlb;
    private readonly LinearWindow? _linear;
    private readonly ILGenerator _il;
    private readonly LocalBuilder?[] _registers = new LocalBuilder?[32];
    private readonly int[] _uses = new int[32];
    private int _useWeight;
    private readonly bool[] _written = new bool[32];
    private LocalBuilder? _registerValue;
    private readonly Label[] _labels;
    private readonly List<Action> _outOfLine = new();
    private readonly LocalBuilder _retired, _lastCheckAt, _result, _address, _value, _entry, _host, _jump, _exitAt;
    private readonly Label _dispatch, _interpretExit;
    private readonly Label?[] _interpretExits;
    private bool _interpretExitUsed;
    private readonly ulong _pageBase;
    private readonly Label _epilogue;
    private readonly MemoryGroup?[] _memoryGroups; // see Emit.Memory.Groups.cs

    private BlockTranslator(GuestBlock block, MemoryAccess access, bool inlineDynamicRounding, DynamicMethod method)
    {
        _block = block;
        _inlineDynamicRounding = inlineDynamicRounding;
        _floatingPointNeeds = FloatingPointNeedsOf(block, inlineDynamicRounding);
        _ram = access.Ram;
        _tlb = access.Tlb;
        _linear = access.Linear;
        _il = method.GetILGenerator(256 + block.Count * 48);
        _labels = new Label[block.Count];
        _interpretExits = new Label?[block.Count];
        for (int i = 0; i < block.Count; i++)
            _labels[i] = _il.DefineLabel();
        _epilogue = _il.DefineLabel();
        _pageBase = block.VirtualPc & ~(ulong)(GuestBlock.PageSize - 1);
        _retired = _il.DeclareLocal(typeof(long));
        _jump = _il.DeclareLocal(typeof(int));
        _exitAt = _il.DeclareLocal(typeof(int));
        _dispatch = _il.DefineLabel();
        _interpretExit = _il.DefineLabel();
        _lastCheckAt = _il.DeclareLocal(typeof(long)); // the allowance less Count: the most retired at a check that goes on
        _result = _il.DeclareLocal(typeof(long));
        _address = _il.DeclareLocal(typeof(ulong));
        _value = _il.DeclareLocal(typeof(ulong));
        _entry = _il.DeclareLocal(typeof(nint));
        _host = _il.DeclareLocal(typeof(nint));
        _memoryGroups = FindMemoryGroups();
    }

    /// <summary>
    /// Compiles <paramref name="block"/>, entered at <paramref name="physicalPc"/> and whose code lies at
    /// <paramref name="code"/> in physical memory, with its loads and stores inlined as <paramref name="access"/> says.
    /// With <paramref name="inlineDynamicRounding"/> (frm is RNE as it is compiled) the double arithmetic in the dynamic
    /// rounding mode takes the inline path, which assumes RNE; without it that arithmetic calls SoftFloat, which serves
    /// any rounding mode.
    /// </summary>
    public static CompiledRegion Translate(GuestBlock block, ulong physicalPc, CodeRange[] code, BlockRuntime runtime, Interpreter interpreter,
        MemoryAccess access, bool inlineDynamicRounding)
    {
        var method = new DynamicMethod($"rv_{block.VirtualPc:x}", typeof(long), Parameters, typeof(BlockContext).Module, skipVisibility: true);
        var translator = new BlockTranslator(block, access, inlineDynamicRounding, method);
        translator.EmitBody();
        return new CompiledRegion(method, block, physicalPc, code, runtime, interpreter, translator._il.ILOffset)
        {
            FloatingPoint = translator._floatingPointNeeds,
        };
    }

    /// <summary>Whether the translator compiles <paramref name="d"/>; everything else runs in the interpreter.</summary>
    public static bool IsTranslatable(in DecodedInstruction d) => IsTranslatable(d.Opcode) || IsFloatingPointCsrAccess(in d);

    /// <summary>Whether the translator compiles <paramref name="opcode"/> (whatever its operands).</summary>
    public static bool IsTranslatable(Opcode opcode) =>
        IsIntegerOpcode(opcode) || IsBitmanipOpcode(opcode) || IsMemoryOpcode(opcode) || IsControlOpcode(opcode)
        || IsDelegatedOpcode(opcode) || opcode is Opcode.Fence or Opcode.FenceTso or Opcode.Pause;

    private void EmitBody()
    {
        var instructions = _block.Instructions;
        var inLoops = LoopDepths();
        for (int i = 0; i < instructions.Length; i++)
        {
            var d = instructions[i];
            _useWeight = 1 << (3 * Math.Min(inLoops[i], 3)); // a use in a loop counts 8 times one outside it
            if (UseFloatingPoint(in d))
                continue;
            Use(d.Rs1);
            Use(d.Rs2);
            if (WritesRd(d.Opcode))
            {
                Use(d.Rd);
                _written[d.Rd] = true;
            }
        }
        KeepBusiestRegistersInLocals();

        // Prologue: nothing at all for entry -1 (CompiledRegion.Compile's call, which may pass no runtime); else the
        // allowance, the registers, then on to the leader the delegate enters at.
        var compileOnly = _il.DefineLabel();
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, EntryField);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, _jump);
        _il.Emit(OpCodes.Ldc_I4_M1);
        _il.Emit(OpCodes.Beq, compileOnly);
        LoadRuntime();
        _il.Emit(OpCodes.Ldfld, AllowanceField);
        _il.Emit(OpCodes.Ldc_I8, (long)_block.Count);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Stloc, _lastCheckAt);
        _il.Emit(OpCodes.Ldc_I8, 0L);
        _il.Emit(OpCodes.Stloc, _retired);
        for (int r = 1; r < 32; r++)
        {
            if (_registers[r] is not { } local) continue;
            RegisterAddress(r);
            _il.Emit(OpCodes.Ldind_I8);
            _il.Emit(OpCodes.Stloc, local);
        }
        EmitFloatingPointPrologue();
        _il.Emit(OpCodes.Br, _dispatch);
        _il.MarkLabel(compileOnly);
        _il.Emit(OpCodes.Ldc_I8, 0L);
        _il.Emit(OpCodes.Ret);

        for (int i = 0; i < instructions.Length; i++)
        {
            // Falling into a new basic block: count the one that ends here.
            if (i > 0 && _block.LeaderOf[i] == i && FallsInto(i - 1, i))
                AddRetired(i - _block.LeaderOf[i - 1]);
            _il.MarkLabel(_labels[i]);
            _leaderEmitting = _block.LeaderOf[i];
            EmitInstruction(i, in instructions[i]);
            if (GuestBlock.FallsThrough(instructions[i]) && (i + 1 == instructions.Length || !FallsInto(i, i + 1)))
                ExitAfter(i, _block.Pcs[i] + instructions[i].Length, BlockExitKind.Direct);
        }

        _leaderEmitting = -1;
        for (int i = 0; i < _outOfLine.Count; i++)
            _outOfLine[i]();
        if (_interpretExitUsed)
            EmitInterpretExit();
        EmitDispatch();

        _il.MarkLabel(_epilogue);
        EmitFloatingPointEpilogue();
        for (int r = 1; r < 32; r++)
        {
            if (!_written[r]) continue;
            RegisterAddress(r);
            _il.Emit(OpCodes.Ldloc, _registers[r]!);
            _il.Emit(OpCodes.Stind_I8);
        }
        EmitChainOrReturn();
    }

    private void EmitInstruction(int index, in DecodedInstruction d)
    {
        if (TryEmitInteger(in d, index) || TryEmitBitmanip(in d) || TryEmitMemory(in d, index) || TryEmitControl(in d, index)
            || TryEmitFloatingPoint(in d, index) || TryEmitFloatingPointCsrAccess(in d) || TryEmitDelegated(in d, index))
            return;
        if (d.Opcode is Opcode.Fence or Opcode.FenceTso or Opcode.Pause)
            return; // one hart: accesses are already in program order
        throw new InvalidOperationException($"no emitter for {d.Opcode}");
    }

    private static bool WritesRd(Opcode op) =>
        !(op is Opcode.Beq or Opcode.Bne or Opcode.Blt or Opcode.Bge or Opcode.Bltu or Opcode.Bgeu
            or Opcode.Sb or Opcode.Sh or Opcode.Sw or Opcode.Sd or Opcode.Fence or Opcode.FenceTso or Opcode.Pause);

    private void Use(int register)
    {
        if (register != 0)
            _uses[register] += _useWeight;
    }

    /// <summary>For each instruction, how many of the region's backward branches and jumps span it (its loop depth, roughly).</summary>
    private int[] LoopDepths()
    {
        var depth = new int[_block.Count];
        for (int i = 0; i < _block.Count; i++)
        {
            if (GuestBlock.DirectTarget(_block.Instructions[i], _block.Pcs[i]) is { } target && _block.IndexOf(target) is var t and >= 0 && t <= i)
                for (int j = t; j <= i; j++)
                    depth[j]++;
        }
        return depth;
    }

    // x86-64 has about 14 registers for RyuJIT to allocate, and the region's own temporaries (address, counts,
    // exit index) need some: more guest registers in locals than that makes RyuJIT spill them around every memory
    // access, and each entry and exit loads and stores them all. The others are read and written in the hart's
    // register file, where the CPU forwards stores to loads.
    private const int RegistersInLocals = 10;

    private void KeepBusiestRegistersInLocals()
    {
        // The most used first, the lower number on a tie (a loop, not LINQ over int: that is code RyuJIT would have
        // to compile before the first region).
        for (int kept = 0; kept < RegistersInLocals; kept++)
        {
            int busiest = 0;
            for (int r = 1; r < 32; r++)
                if (_registers[r] == null && _uses[r] > _uses[busiest])
                    busiest = r;
            if (busiest == 0)
                break;
            _registers[busiest] = _il.DeclareLocal(typeof(ulong));
        }
        for (int r = 1; r < 32; r++)
            _written[r] &= _registers[r] != null;
    }

    /// <summary>Pushes the shared <see cref="BlockRuntime"/>.</summary>
    private void LoadRuntime()
    {
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, RuntimeField);
    }

    private void RegisterAddress(int register)
    {
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldc_I4, register * sizeof(ulong));
        _il.Emit(OpCodes.Add);
    }

    /// <summary>Pushes a guest register (x0 is the constant 0).</summary>
    private void LoadRegister(int register)
    {
        if (register == 0)
            _il.Emit(OpCodes.Ldc_I8, 0L);
        else if (_registers[register] is { } local)
            _il.Emit(OpCodes.Ldloc, local);
        else
        {
            RegisterAddress(register);
            _il.Emit(OpCodes.Ldind_I8);
        }
    }

    /// <summary>Pops the value on the stack into a guest register (dropped for x0).</summary>
    private void StoreRegister(int register)
    {
        if (register == 0)
            _il.Emit(OpCodes.Pop);
        else if (_registers[register] is { } local)
            _il.Emit(OpCodes.Stloc, local);
        else
        {
            _registerValue ??= _il.DeclareLocal(typeof(ulong));
            _il.Emit(OpCodes.Stloc, _registerValue);
            RegisterAddress(register);
            _il.Emit(OpCodes.Ldloc, _registerValue);
            _il.Emit(OpCodes.Stind_I8);
        }
    }

    /// <summary>The jump to leader _jump, shared by the entry and by jalr targets inside the region.</summary>
    private void EmitDispatch()
    {
        var targets = new Label[_block.Count];
        for (int i = 0; i < targets.Length; i++)
            targets[i] = _labels[_block.LeaderOf[i] == i ? i : 0]; // never a non-leader: CompiledRegion.IndexOf knows only leaders
        _il.MarkLabel(_dispatch);
        _il.Emit(OpCodes.Ldloc, _jump);
        _il.Emit(OpCodes.Switch, targets);
        _il.Emit(OpCodes.Ldc_I8, 0L); // never: entries are leaders
        _il.Emit(OpCodes.Ret);
    }

    /// <summary>Whether instruction <paramref name="to"/> follows <paramref name="from"/> in memory and is reached by falling through.</summary>
    private bool FallsInto(int from, int to) =>
        GuestBlock.FallsThrough(_block.Instructions[from]) && _block.Pcs[from] + _block.Instructions[from].Length == _block.Pcs[to];

    private void AddRetired(long count)
    {
        _il.Emit(OpCodes.Ldloc, _retired);
        _il.Emit(OpCodes.Ldc_I8, count);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stloc, _retired);
    }

    /// <summary>
    /// Before instruction <paramref name="index"/> calls out (a memory access off the inline path, a delegated
    /// instruction): publishes the instructions retired so far, for a device that reads the time.
    /// </summary>
    private void PublishRetired(int index)
    {
        LoadRuntime();
        _il.Emit(OpCodes.Ldloc, _retired);
        _il.Emit(OpCodes.Ldc_I8, (long)(index - _block.LeaderOf[index]));
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stfld, RetiredInBlockField);
    }

    /// <summary>
    /// The label to branch to for leaving before instruction <paramref name="index"/>, which the dispatcher then runs
    /// in the interpreter: a stub out of line, one per instruction, that stores <paramref name="index"/> for the
    /// shared exit, so that the main path carries nothing for it.
    /// </summary>
    private Label InterpretExitBefore(int index)
    {
        _interpretExitUsed = true;
        return _interpretExits[index] ??= OutOfLine(() =>
        {
            _il.Emit(OpCodes.Ldc_I4, index);
            _il.Emit(OpCodes.Stloc, _exitAt);
            _il.Emit(OpCodes.Br, _interpretExit);
        });
    }

    private void EmitInterpretExit()
    {
        _il.MarkLabel(_interpretExit);
        LoadRuntime();
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, PcsField);
        _il.Emit(OpCodes.Ldloc, _exitAt);
        _il.Emit(OpCodes.Ldelem_I8);
        _il.Emit(OpCodes.Stfld, PcField);
        _il.Emit(OpCodes.Ldloc, _retired);
        _il.Emit(OpCodes.Ldloc, _exitAt); // + the instructions of its basic block before it
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, LeaderOfField);
        _il.Emit(OpCodes.Ldloc, _exitAt);
        _il.Emit(OpCodes.Ldelem_I4);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Conv_I8);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Ldc_I8, BlockResult.Encode(BlockExitKind.Interpret));
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stloc, _result);
        _il.Emit(OpCodes.Br, _epilogue);
    }

    /// <summary>Leaves the region for <paramref name="pc"/> before instruction <paramref name="index"/> retires (a trap).</summary>
    private void ExitBefore(int index, ulong pc, BlockExitKind kind) => Leave(pc, index - _block.LeaderOf[index], kind);

    /// <summary>Leaves the region for <paramref name="pc"/> after instruction <paramref name="index"/> retired.</summary>
    private void ExitAfter(int index, ulong pc, BlockExitKind kind) => Leave(pc, index + 1 - _block.LeaderOf[index], kind);

    /// <summary>Leaves for a pc known now, with <paramref name="uncounted"/> instructions retired since the last count.</summary>
    private void Leave(ulong pc, int uncounted, BlockExitKind kind)
    {
        LoadRuntime();
        _il.Emit(OpCodes.Ldc_I8, (long)pc);
        _il.Emit(OpCodes.Stfld, PcField);
        SetResultAndLeave(uncounted, kind);
    }

    /// <summary>Leaves for the pc held in <paramref name="target"/>.</summary>
    private void LeaveComputed(LocalBuilder target, int uncounted, BlockExitKind kind)
    {
        LoadRuntime();
        _il.Emit(OpCodes.Ldloc, target);
        _il.Emit(OpCodes.Stfld, PcField);
        SetResultAndLeave(uncounted, kind);
    }

    private void SetResultAndLeave(int uncounted, BlockExitKind kind)
    {
        _il.Emit(OpCodes.Ldloc, _retired);
        _il.Emit(OpCodes.Ldc_I8, uncounted + BlockResult.Encode(kind));
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stloc, _result);
        _il.Emit(OpCodes.Br, _epilogue);
    }

    /// <summary>
    /// Transfers control after instruction <paramref name="from"/> retired to <paramref name="target"/>: a jump
    /// inside the region when it holds that pc (always a leader), else a direct exit.
    /// </summary>
    private void JumpTo(int from, ulong target)
    {
        int to = _block.IndexOf(target);
        if (to < 0)
        {
            ExitAfter(from, target, BlockExitKind.Direct);
            return;
        }
        AddRetired(from + 1 - _block.LeaderOf[from]);
        if (to <= from)
            BranchIfOutOfAllowance(OutOfLine(() => Leave(target, 0, BlockExitKind.Budget)));
        _il.Emit(OpCodes.Br, _labels[to]);
    }

    /// <summary>
    /// Before a backward or computed jump: the region may run up to Count more instructions before the next such
    /// check (every other jump goes forward), so stop first if the allowance cannot cover them.
    /// </summary>
    private void BranchIfOutOfAllowance(Label outOfAllowance)
    {
        _il.Emit(OpCodes.Ldloc, _retired);
        _il.Emit(OpCodes.Ldloc, _lastCheckAt);
        _il.Emit(OpCodes.Bgt, outOfAllowance);
    }

    /// <summary>Emits <paramref name="body"/> out of line (after the main path) at a new label, which it returns.</summary>
    private Label OutOfLine(Action body)
    {
        var label = _il.DefineLabel();
        _outOfLine.Add(() =>
        {
            _il.MarkLabel(label);
            body();
        });
        return label;
    }

    private void EmitCall(Type type, string name, params Type[] parameters)
    {
        var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance, parameters)
            ?? throw new InvalidOperationException($"{type.Name}.{name} not found");
        _il.Emit(method.IsStatic ? OpCodes.Call : OpCodes.Callvirt, method);
    }
}
