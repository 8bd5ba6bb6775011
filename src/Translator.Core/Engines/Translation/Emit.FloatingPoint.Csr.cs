using System.Reflection.Emit;
using Translator.Isa;
using Translator.Privileged;
using Translator.SoftFloat;

namespace Translator.Engines.Translation;

// Zicsr accesses to the FP CSRs, compiled with the F/D state of Emit.FloatingPoint.cs: any access to fflags, and
// reads of frm and fcsr (a write to frm changes what compiled FP code assumes, so it stays with the interpreter).
internal sealed partial class BlockTranslator
{
    /// <summary>
    /// Whether the instruction is a Zicsr access the translator compiles: to fflags (frflags, fsflags, and the other
    /// forms), which glibc's libm brackets quiet comparisons with, or a read of frm or fcsr (frrm, frcsr: glibc's
    /// printf of a double asks for the rounding mode). Left to the interpreter, each would end a block.
    /// </summary>
    public static bool IsFloatingPointCsrAccess(in DecodedInstruction d) =>
        d.Opcode is Opcode.Csrrw or Opcode.Csrrs or Opcode.Csrrc or Opcode.Csrrwi or Opcode.Csrrsi or Opcode.Csrrci
        && (d.Csr == CsrAddress.Fflags || (d.Csr is CsrAddress.Frm or CsrAddress.Fcsr && !WritesCsr(in d)));

    // csrrw always writes; the set and clear forms only with a nonzero rs1 or zimm (which the decoder puts in Rs1).
    private static bool WritesCsr(in DecodedInstruction d) => d.Opcode is Opcode.Csrrw or Opcode.Csrrwi || d.Rs1 != 0;

    /// <summary>
    /// An FP CSR access, as the interpreter's ExecuteCsr and CsrAccess do it (FS is on, or the block would not run):
    /// fflags reads as fflags with the flags this block raised so far, and fcsr as that below frm; a write to fflags
    /// (csrrw always, the others unless rs1/zimm is 0) sets it to the new value's low 5 bits, drops the block's
    /// pending flags, and makes FS Dirty.
    /// </summary>
    private bool TryEmitFloatingPointCsrAccess(in DecodedInstruction d)
    {
        if (!IsFloatingPointCsrAccess(in d))
            return false;
        var op = d.Opcode;
        bool immediate = op is Opcode.Csrrwi or Opcode.Csrrsi or Opcode.Csrrci;
        bool swap = op is Opcode.Csrrw or Opcode.Csrrwi;
        bool write = WritesCsr(in d);
        if (d.Csr == CsrAddress.Frm)
        {
            _il.Emit(OpCodes.Ldloc, _csrs!);
            _il.Emit(OpCodes.Ldfld, FrmField);
            _il.Emit(OpCodes.Conv_U8);
            StoreRegister(d.Rd);
            return true;
        }
        var old = _value;
        _il.Emit(OpCodes.Ldloc, _csrs!);
        _il.Emit(OpCodes.Ldfld, FflagsField);
        _il.Emit(OpCodes.Ldloc, _fflags!);
        _il.Emit(OpCodes.Or);
        if (d.Csr == CsrAddress.Fcsr)
        {
            _il.Emit(OpCodes.Ldloc, _csrs!);
            _il.Emit(OpCodes.Ldfld, FrmField);
            _il.Emit(OpCodes.Ldc_I4_5);
            _il.Emit(OpCodes.Shl);
            _il.Emit(OpCodes.Or);
        }
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
            // NX is now what was written.
            _il.Emit(OpCodes.Ldloc, _csrs!);
            _il.Emit(OpCodes.Ldfld, FflagsField);
            _il.Emit(OpCodes.Ldc_I4, (int)FloatFlags.Inexact);
            _il.Emit(OpCodes.And);
            _il.Emit(OpCodes.Stloc, _inexactKnown!);
            MarkFloatDirty();
        }
        _il.Emit(OpCodes.Ldloc, old);
        StoreRegister(d.Rd);
        return true;
    }
}
