using System.Reflection.Emit;
using Translator.Isa;
using Translator.Memory;

namespace Translator.Engines.Translation;

// flw, fld, fsw, fsd: the integer loads' and stores' inline RAM and TLB paths (Emit.Memory.cs), with an f register.
internal sealed partial class BlockTranslator
{
    /// <summary>flw/fld: the integer load's paths, into an f register (a single NaN-boxed).</summary>
    private void FloatLoad(in DecodedInstruction d, int index, int width)
    {
        int rd = d.Rd;
        ulong pc = _block.Pcs[index];
        EffectiveAddress(in d);
        var done = _il.DefineLabel();
        var trap = OutOfLine(() => ExitTo(pc, index, BlockExitKind.Trap));
        var slow = OutOfLine(() =>
        {
            LoadRuntime();
            _il.Emit(OpCodes.Ldloc, _address);
            _il.Emit(OpCodes.Ldc_I4, width);
            _il.Emit(OpCodes.Ldloca, _value);
            EmitCall(typeof(BlockRuntime), nameof(BlockRuntime.Load), typeof(ulong), typeof(int), typeof(ulong).MakeByRefType());
            _il.Emit(OpCodes.Brfalse, trap);
            _il.Emit(OpCodes.Ldloc, _value);
            BoxIfSingle(width);
            _il.Emit(OpCodes.Stloc, _floatRegisters[rd]!);
            _il.Emit(OpCodes.Br, done);
        });
        if (_ram is { } ram)
        {
            BranchUnlessInRam(ram, width, slow);
            HostAddress(ram);
        }
        else if (_tlb is { } tlb)
        {
            TlbHostAddress(tlb, AccessKind.Read, width, slow);
        }
        else
        {
            _il.Emit(OpCodes.Br, slow);
            _il.MarkLabel(done);
            MarkFloatDirty();
            return;
        }
        _il.Emit(OpCodes.Unaligned, (byte)1);
        if (width == 4)
        {
            _il.Emit(OpCodes.Ldind_U4);
            _il.Emit(OpCodes.Conv_U8);
        }
        else
        {
            _il.Emit(OpCodes.Ldind_I8);
        }
        BoxIfSingle(width);
        _il.Emit(OpCodes.Stloc, _floatRegisters[rd]!);
        _il.MarkLabel(done);
        MarkFloatDirty();
    }

    private void BoxIfSingle(int width)
    {
        if (width != 4)
            return;
        _il.Emit(OpCodes.Ldc_I8, unchecked((long)NanBoxUpper));
        _il.Emit(OpCodes.Or);
    }

    /// <summary>fsw/fsd: the integer store's paths, storing the low bits of an f register untouched.</summary>
    private void FloatStore(in DecodedInstruction d, int index, int width)
    {
        int rs2 = d.Rs2;
        ulong pc = _block.Pcs[index];
        ulong next = pc + d.Length;
        EffectiveAddress(in d);
        var done = _il.DefineLabel();
        var trap = OutOfLine(() => ExitTo(pc, index, BlockExitKind.Trap));
        var endBlock = OutOfLine(() => ExitTo(next, index + 1, BlockExitKind.StoreEnded));
        var slow = OutOfLine(() =>
        {
            LoadRuntime();
            _il.Emit(OpCodes.Ldloc, _address);
            _il.Emit(OpCodes.Ldc_I4, width);
            LoadFloatRegister(rs2);
            EmitCall(typeof(BlockRuntime), nameof(BlockRuntime.Store), typeof(ulong), typeof(int), typeof(ulong));
            _il.Emit(OpCodes.Switch, new[] { done, trap, endBlock });
            _il.Emit(OpCodes.Br, done);
        });
        if (_tlb is { } window)
        {
            TlbHostAddress(window, AccessKind.Write, width, slow);
        }
        else if (_ram is { } ram)
        {
            BranchUnlessInRam(ram, width, slow);
            BranchIfFlaggedOrCrossing(ram, width, slow);
            HostAddress(ram);
        }
        else
        {
            _il.Emit(OpCodes.Br, slow);
            _il.MarkLabel(done);
            return;
        }
        LoadFloatRegister(rs2);
        if (width == 4)
            _il.Emit(OpCodes.Conv_U4);
        _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(width == 4 ? OpCodes.Stind_I4 : OpCodes.Stind_I8);
        _il.MarkLabel(done);
    }

    /// <summary>As the integer store: slow when the page is flagged (code, watched) or the access crosses into the next page.</summary>
    private void BranchIfFlaggedOrCrossing(RamWindow ram, int width, Label slow)
    {
        _il.Emit(OpCodes.Ldc_I8, (long)ram.PageFlags);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldc_I8, (long)ram.Base);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Ldc_I4, PageShift);
        _il.Emit(OpCodes.Shr_Un);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Ldind_U1);
        _il.Emit(OpCodes.Brtrue, slow);
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldc_I8, PageOffsetMask);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Ldc_I8, (1L << PageShift) - width);
        _il.Emit(OpCodes.Bgt_Un, slow);
    }
}
