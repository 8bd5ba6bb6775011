using System.Reflection;
using System.Reflection.Emit;
using Translator.Isa;

namespace Translator.Engines.Translation;

// Floating point (F, D) and atomics (A) run inside the block through the interpreter's own definition of each
// instruction (Interpreter.ExecuteForTranslator), so SoftFloat and the reservation rules are shared. The integer
// registers the instruction reads or writes are spilled to the hart before the call and rd is reloaded after it.
internal sealed partial class BlockTranslator
{
    private static readonly MethodInfo ExecuteForTranslator = typeof(Interpreter).GetMethod(
        nameof(Interpreter.ExecuteForTranslator), BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly FieldInfo InterpreterField = typeof(BlockContext).GetField(nameof(BlockContext.Interpreter))!;
    private static readonly FieldInfo InstructionsField = typeof(BlockContext).GetField(nameof(BlockContext.Instructions))!;
    private static readonly FieldInfo TrapCauseField = typeof(BlockRuntime).GetField(nameof(BlockRuntime.TrapCause))!;
    private static readonly FieldInfo TrapValueField = typeof(BlockRuntime).GetField(nameof(BlockRuntime.TrapValue))!;

    private static bool IsDelegatedOpcode(Opcode op)
    {
        var info = InstructionTable.Get(op);
        return op != Opcode.Invalid && (info.Has(InstructionFlags.FloatingPoint) || info.Has(InstructionFlags.Amo))
            && !info.Has(InstructionFlags.EndsBlock);
    }

    private bool TryEmitDelegated(in DecodedInstruction d, int index)
    {
        if (!IsDelegatedOpcode(d.Opcode))
            return false;
        ulong pc = _block.Pcs[index];
        ulong next = pc + d.Length;
        foreach (int r in new[] { d.Rs1, d.Rs2, d.Rd })
        {
            if (r == 0 || !_written[r]) continue; // (registers kept in the register file are there already)
            RegisterAddress(r);
            _il.Emit(OpCodes.Ldloc, _registers[r]!);
            _il.Emit(OpCodes.Stind_I8);
        }
        PublishRetired(index);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, InterpreterField);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, InstructionsField);
        _il.Emit(OpCodes.Ldc_I4, index);
        _il.Emit(OpCodes.Ldelema, typeof(DecodedInstruction));
        LoadRuntime();
        _il.Emit(OpCodes.Ldflda, TrapCauseField);
        LoadRuntime();
        _il.Emit(OpCodes.Ldflda, TrapValueField);
        _il.Emit(OpCodes.Call, ExecuteForTranslator);
        _il.Emit(OpCodes.Brfalse, OutOfLine(() => ExitBefore(index, pc, BlockExitKind.Trap)));
        if (d.Rd != 0 && _registers[d.Rd] is { } local)
        {
            RegisterAddress(d.Rd);
            _il.Emit(OpCodes.Ldind_I8);
            _il.Emit(OpCodes.Stloc, local);
        }
        if (d.Info.Has(InstructionFlags.Store) || d.Info.Has(InstructionFlags.Amo))
        {
            LoadRuntime();
            EmitCall(typeof(BlockRuntime), nameof(BlockRuntime.MustEndAfterStore));
            _il.Emit(OpCodes.Brtrue, OutOfLine(() => ExitAfter(index, next, BlockExitKind.StoreEnded)));
        }
        return true;
    }
}
