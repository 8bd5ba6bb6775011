using System.Reflection.Emit;
using Translator.Isa;
using Translator.Privileged;

namespace Translator.Engines.Translation;

// Zicsr accesses to fflags, compiled with the F/D state of Emit.FloatingPoint.cs.
internal sealed partial class BlockTranslator
{
    /// <summary>
    /// Whether the instruction is a Zicsr access to fflags (frflags, fsflags, and the other forms): glibc's libm
    /// brackets quiet comparisons with them, so leaving them to the interpreter would end a block at each.
    /// </summary>
    public static bool IsFflagsAccess(in DecodedInstruction d) =>
        d.Csr == CsrAddress.Fflags
        && d.Opcode is Opcode.Csrrw or Opcode.Csrrs or Opcode.Csrrc or Opcode.Csrrwi or Opcode.Csrrsi or Opcode.Csrrci;

    /// <summary>
    /// An fflags access, as the interpreter's ExecuteCsr and CsrAccess do it (FS is on, or the block would not run):
    /// the old value is fflags with the flags this block raised so far; a write (csrrw always, the others unless
    /// rs1/zimm is 0) sets fflags to the new value's low 5 bits, drops the block's pending flags, and makes FS Dirty.
    /// </summary>
    private bool TryEmitFflagsAccess(in DecodedInstruction d)
    {
        if (!IsFflagsAccess(in d))
            return false;
        var op = d.Opcode;
        bool immediate = op is Opcode.Csrrwi or Opcode.Csrrsi or Opcode.Csrrci;
        bool swap = op is Opcode.Csrrw or Opcode.Csrrwi;
        bool write = swap || d.Rs1 != 0;
        var old = _value;
        _il.Emit(OpCodes.Ldloc, _csrs!);
        _il.Emit(OpCodes.Ldfld, FflagsField);
        _il.Emit(OpCodes.Ldloc, _fflags!);
        _il.Emit(OpCodes.Or);
        _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Stloc, old);
        if (write)
        {
            _il.Emit(OpCodes.Ldloc, _csrs!);
            if (!swap)
                _il.Emit(OpCodes.Ldloc, old);
            if (immediate)
                _il.Emit(OpCodes.Ldc_I8, (long)d.Rs1); // zimm
            else
                LoadRegister(d.Rs1);
            if (op is Opcode.Csrrs or Opcode.Csrrsi)
                _il.Emit(OpCodes.Or);
            else if (op is Opcode.Csrrc or Opcode.Csrrci)
            {
                _il.Emit(OpCodes.Not);
                _il.Emit(OpCodes.And);
            }
            _il.Emit(OpCodes.Conv_U4);
            _il.Emit(OpCodes.Ldc_I4, 0x1F);
            _il.Emit(OpCodes.And);
            _il.Emit(OpCodes.Stfld, FflagsField);
            _il.Emit(OpCodes.Ldc_I4_0);
            _il.Emit(OpCodes.Stloc, _fflags!);
            _il.Emit(OpCodes.Ldc_I4_0);
            _il.Emit(OpCodes.Stloc, _inexactKnown!); // NX may be clear now
            MarkFloatDirty();
        }
        _il.Emit(OpCodes.Ldloc, old);
        StoreRegister(d.Rd);
        return true;
    }
}
