using System.Reflection;
using System.Reflection.Emit;
using Translator.Isa;
using Translator.Memory;

namespace Translator.Engines.Translation;

/// <summary>What a compiled block is closed over: the shared runtime, and the decoded instructions it hands to the interpreter.</summary>
internal sealed class BlockContext(BlockRuntime runtime, Interpreter interpreter, DecodedInstruction[] instructions)
{
    public readonly BlockRuntime Runtime = runtime;
    public readonly Interpreter Interpreter = interpreter;
    public readonly DecodedInstruction[] Instructions = instructions;
}

/// <summary>How a block's loads and stores are inlined: straight to RAM, through the TLB's hit check, or neither.</summary>
internal sealed record MemoryAccess(RamWindow? Ram, TlbWindow? Tlb);

/// <summary>
/// What translated code needs to inline a TLB hit: the pinned entries, the layout of <see cref="Tlb.Entry"/>, the
/// permission-context bit the block's accesses need, and RAM's host base and page flags (for the code-page check).
/// </summary>
internal sealed unsafe record TlbWindow(nint Entries, int EntrySize, int VpnOffset, int HostOffset, int AllowedOffset, int ContextBit, nint RamHost, nint PageFlags)
{
    public static TlbWindow For(Tlb tlb, int context, RamWindow ram)
    {
        Tlb.Entry sample = default;
        byte* start = (byte*)&sample;
        return new TlbWindow((nint)tlb.Entries, sizeof(Tlb.Entry), (int)((byte*)&sample.Vpn - start), (int)((byte*)&sample.Host - start),
            (int)((byte*)&sample.AllowedContexts - start), 1 << context, ram.Host, ram.PageFlags);
    }
}

/// <summary>Where guest RAM sits in host memory, for blocks whose loads and stores may go straight to RAM.</summary>
/// <param name="Base">The guest physical address of RAM's first byte.</param>
/// <param name="Size">RAM's size in bytes.</param>
/// <param name="Host">The host address of RAM's first byte (pinned for the machine's life).</param>
/// <param name="PageFlags">One byte per RAM page, nonzero when stores must take the slow path (code, watched).</param>
internal sealed record RamWindow(ulong Base, ulong Size, nint Host, nint PageFlags);

/// <summary>
/// Emits the IL of one <see cref="GuestBlock"/> into a <see cref="DynamicMethod"/>. Guest registers live in IL
/// locals: the ones the block touches are loaded on entry and the ones it writes are stored back at the single
/// epilogue that every exit goes through; x0 reads as the constant 0 and writes to it are dropped. Branches whose
/// target lies in the block become jumps inside the method (backward ones check the instruction allowance first),
/// the others exits that set <see cref="BlockRuntime.Pc"/>. The retired count of any exit is
/// <c>retiredBase + position</c>: each internal jump from position i to j adds i + 1 - j to retiredBase.
/// The emitters for each area are in the Emit.*.cs files.
/// </summary>
internal sealed partial class BlockTranslator
{
    private static readonly Type[] Parameters = { typeof(BlockContext), typeof(ulong).MakeByRefType() };
    private static readonly FieldInfo RuntimeField = typeof(BlockContext).GetField(nameof(BlockContext.Runtime))!;
    private static readonly FieldInfo PcField = typeof(BlockRuntime).GetField(nameof(BlockRuntime.Pc))!;
    private static readonly FieldInfo AllowanceField = typeof(BlockRuntime).GetField(nameof(BlockRuntime.Allowance))!;

    private readonly GuestBlock _block;
    private readonly RamWindow? _ram;
    private readonly TlbWindow? _tlb;
    private readonly ILGenerator _il;
    private readonly LocalBuilder?[] _registers = new LocalBuilder?[32];
    private readonly bool[] _written = new bool[32];
    private readonly Label[] _labels;
    private readonly List<Action> _outOfLine = new();
    private readonly LocalBuilder _retiredBase, _allowance, _result, _address, _value, _entry, _host;
    private readonly Label _epilogue;

    private BlockTranslator(GuestBlock block, MemoryAccess access, DynamicMethod method)
    {
        _block = block;
        _ram = access.Ram;
        _tlb = access.Tlb;
        _il = method.GetILGenerator(256 + block.Count * 48);
        _labels = new Label[block.Count];
        for (int i = 0; i < block.Count; i++)
            _labels[i] = _il.DefineLabel();
        _epilogue = _il.DefineLabel();
        _retiredBase = _il.DeclareLocal(typeof(long));
        _allowance = _il.DeclareLocal(typeof(long));
        _result = _il.DeclareLocal(typeof(long));
        _address = _il.DeclareLocal(typeof(ulong));
        _value = _il.DeclareLocal(typeof(ulong));
        _entry = _il.DeclareLocal(typeof(nint));
        _host = _il.DeclareLocal(typeof(nint));
    }

    /// <summary>Compiles <paramref name="block"/> with its loads and stores inlined as <paramref name="access"/> says.</summary>
    public static BlockCode Translate(GuestBlock block, BlockRuntime runtime, Interpreter interpreter, MemoryAccess access, out int ilSize)
    {
        var method = new DynamicMethod($"rv_{block.VirtualPc:x}", typeof(long), Parameters, typeof(BlockContext).Module, skipVisibility: true);
        var translator = new BlockTranslator(block, access, method);
        translator.EmitBody();
        ilSize = translator._il.ILOffset;
        return method.CreateDelegate<BlockCode>(new BlockContext(runtime, interpreter, block.Instructions));
    }

    /// <summary>Whether the translator compiles <paramref name="opcode"/>; everything else runs in the interpreter.</summary>
    public static bool IsTranslatable(Opcode opcode) =>
        IsIntegerOpcode(opcode) || IsBitmanipOpcode(opcode) || IsMemoryOpcode(opcode) || IsControlOpcode(opcode)
        || IsDelegatedOpcode(opcode) || opcode is Opcode.Fence or Opcode.FenceTso;

    private void EmitBody()
    {
        var instructions = _block.Instructions;
        foreach (var d in instructions)
        {
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

        // Prologue: the allowance, then the registers.
        LoadRuntime();
        _il.Emit(OpCodes.Ldfld, AllowanceField);
        _il.Emit(OpCodes.Stloc, _allowance);
        _il.Emit(OpCodes.Ldc_I8, 0L);
        _il.Emit(OpCodes.Stloc, _retiredBase);
        for (int r = 1; r < 32; r++)
        {
            if (_registers[r] is not { } local) continue;
            RegisterAddress(r);
            _il.Emit(OpCodes.Ldind_I8);
            _il.Emit(OpCodes.Stloc, local);
        }
        EmitFloatingPointPrologue();

        for (int i = 0; i < instructions.Length; i++)
        {
            _il.MarkLabel(_labels[i]);
            EmitInstruction(i, in instructions[i]);
        }
        var last = instructions[^1].Opcode;
        if (last is not (Opcode.Jal or Opcode.Jalr))
            ExitTo(_block.VirtualPc + (ulong)_block.ByteLength, instructions.Length, BlockExitKind.Direct);

        for (int i = 0; i < _outOfLine.Count; i++)
            _outOfLine[i]();

        _il.MarkLabel(_epilogue);
        EmitFloatingPointEpilogue();
        for (int r = 1; r < 32; r++)
        {
            if (!_written[r]) continue;
            RegisterAddress(r);
            _il.Emit(OpCodes.Ldloc, _registers[r]!);
            _il.Emit(OpCodes.Stind_I8);
        }
        _il.Emit(OpCodes.Ldloc, _result);
        _il.Emit(OpCodes.Ret);
    }

    private void EmitInstruction(int index, in DecodedInstruction d)
    {
        if (TryEmitInteger(in d, index) || TryEmitBitmanip(in d) || TryEmitMemory(in d, index) || TryEmitControl(in d, index)
            || TryEmitFloatingPoint(in d, index) || TryEmitFflagsAccess(in d) || TryEmitDelegated(in d, index))
            return;
        if (d.Opcode is Opcode.Fence or Opcode.FenceTso)
            return; // one hart: accesses are already in program order
        throw new InvalidOperationException($"no emitter for {d.Opcode}");
    }

    private static bool WritesRd(Opcode op) =>
        !(op is Opcode.Beq or Opcode.Bne or Opcode.Blt or Opcode.Bge or Opcode.Bltu or Opcode.Bgeu
            or Opcode.Sb or Opcode.Sh or Opcode.Sw or Opcode.Sd or Opcode.Fence or Opcode.FenceTso);

    private void Use(int register)
    {
        if (register != 0)
            _registers[register] ??= _il.DeclareLocal(typeof(ulong));
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
        else
            _il.Emit(OpCodes.Ldloc, _registers[register]!);
    }

    /// <summary>Pops the value on the stack into a guest register (dropped for x0).</summary>
    private void StoreRegister(int register)
    {
        if (register == 0)
            _il.Emit(OpCodes.Pop);
        else
            _il.Emit(OpCodes.Stloc, _registers[register]!);
    }

    /// <summary>Leaves the block for a pc known now, with <paramref name="position"/> instructions retired since the last internal jump.</summary>
    private void ExitTo(ulong pc, int position, BlockExitKind kind)
    {
        LoadRuntime();
        _il.Emit(OpCodes.Ldc_I8, (long)pc);
        _il.Emit(OpCodes.Stfld, PcField);
        SetResultAndLeave(position, kind);
    }

    /// <summary>Leaves the block for the pc held in <paramref name="target"/>.</summary>
    private void ExitToComputed(LocalBuilder target, int position, BlockExitKind kind)
    {
        LoadRuntime();
        _il.Emit(OpCodes.Ldloc, target);
        _il.Emit(OpCodes.Stfld, PcField);
        SetResultAndLeave(position, kind);
    }

    private void SetResultAndLeave(int position, BlockExitKind kind)
    {
        _il.Emit(OpCodes.Ldloc, _retiredBase);
        _il.Emit(OpCodes.Ldc_I8, position + BlockResult.Encode(kind));
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stloc, _result);
        _il.Emit(OpCodes.Br, _epilogue);
    }

    /// <summary>
    /// Transfers control after instruction <paramref name="from"/> retired to <paramref name="target"/>: a jump
    /// inside the block when it holds that pc, else a direct exit.
    /// </summary>
    private void JumpTo(int from, ulong target)
    {
        int to = _block.IndexOf(target);
        if (to < 0)
        {
            ExitTo(target, from + 1, BlockExitKind.Direct);
            return;
        }
        _il.Emit(OpCodes.Ldloc, _retiredBase);
        _il.Emit(OpCodes.Ldc_I8, (long)(from + 1 - to));
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stloc, _retiredBase);
        if (to <= from)
        {
            // A loop: the next pass may run up to Count instructions; stop first if the allowance cannot cover them.
            var outOfAllowance = _il.DefineLabel();
            _il.Emit(OpCodes.Ldloc, _retiredBase);
            _il.Emit(OpCodes.Ldc_I8, (long)_block.Count);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Ldloc, _allowance);
            _il.Emit(OpCodes.Bgt, outOfAllowance);
            _il.Emit(OpCodes.Br, _labels[to]);
            _outOfLine.Add(() =>
            {
                _il.MarkLabel(outOfAllowance);
                ExitTo(target, to, BlockExitKind.Budget);
            });
            return;
        }
        _il.Emit(OpCodes.Br, _labels[to]);
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
