using System.Reflection;
using System.Reflection.Emit;
using Translator.Isa;
using Translator.SoftFloat;

namespace Translator.Engines.Translation;

// Single precision inline, for NaN-boxed operands (an f register whose upper 32 bits are all ones); anything else
// calls SoftFloat out of line, which applies the boxing rules.
// - fadd.s, fsub.s, fmul.s, fdiv.s and fsqrt.s in RNE: computed in double from the exact double values of the
//   operands and rounded once more to single. Double rounding is harmless for these five (53 >= 2 * 24 + 2 bits), so
//   the result is the correctly rounded one. They take this path only while fflags.NX is known to be set and the
//   result is normal and finite: then no flag can change, as with the fused multiply-adds. fcvt.s.d too (one
//   rounding).
// - fmadd.s, fmsub.s, fnmsub.s, fnmadd.s: one double FMA (exact product), then rounded to single, on the same
//   conditions, and not when the double is a midpoint between two singles (see EmitSingleFusedInDouble).
// - fcvt.d.s: exact for any non-NaN single.
// - feq.s, flt.s, fle.s: for non-NaN operands, as the double ones.
internal sealed partial class BlockTranslator
{
    private static readonly MethodInfo SingleToBits = typeof(BitConverter).GetMethod(nameof(BitConverter.SingleToUInt32Bits))!;
    private static readonly MethodInfo BitsToSingle = typeof(BitConverter).GetMethod(nameof(BitConverter.UInt32BitsToSingle))!;
    private const float SingleMinimumNormal = 1.17549435e-38f; // 2^-126
    // A double's significand bits below a single's, and the pattern they have at a midpoint between two singles.
    private const long BelowSingle = (1L << 29) - 1, SingleMidpoint = 1L << 28;
    private LocalBuilder? _singleX, _singleY, _singleZ;

    private static bool IsSingleArithmetic(Opcode op) =>
        op is Opcode.FaddS or Opcode.FsubS or Opcode.FmulS or Opcode.FdivS or Opcode.FsqrtS or Opcode.FcvtSD
        || IsSingleFused(op);

    private static bool IsSingleFused(Opcode op) => op is Opcode.FmaddS or Opcode.FmsubS or Opcode.FnmsubS or Opcode.FnmaddS;

    /// <summary>
    /// fadd.s .. fsqrt.s, and fcvt.s.d (the double rounded to single), on the path described above; the caller has
    /// checked the rounding mode.
    /// </summary>
    private void EmitSingleArithmeticInline(in DecodedInstruction d)
    {
        var op = d.Opcode;
        var done = _il.DefineLabel();
        var helper = OutOfLineHelperCall(d, done, NoteInexactRaised);
        _x ??= _il.DeclareLocal(typeof(double));
        _sum ??= _il.DeclareLocal(typeof(double));
        _il.Emit(OpCodes.Ldloc, _inexactKnown!);
        _il.Emit(OpCodes.Brfalse, helper);
        if (op == Opcode.FcvtSD)
            _il.Emit(OpCodes.Ldloc, _floatRegisters[d.Rs1]!);
        else if (IsSingleFused(op))
            EmitSingleFusedInDouble(in d, helper);
        else
        {
            LoadBoxedSingle(d.Rs1, _singleX ??= _il.DeclareLocal(typeof(double)), helper);
            if (op != Opcode.FsqrtS)
                LoadBoxedSingle(d.Rs2, _singleY ??= _il.DeclareLocal(typeof(double)), helper);
            _il.Emit(OpCodes.Ldloc, _singleX);
            if (op == Opcode.FsqrtS)
                _il.Emit(OpCodes.Call, SquareRoot);
            else
            {
                _il.Emit(OpCodes.Ldloc, _singleY!);
                _il.Emit(op switch { Opcode.FaddS => OpCodes.Add, Opcode.FsubS => OpCodes.Sub, Opcode.FmulS => OpCodes.Mul, _ => OpCodes.Div });
            }
        }
        _il.Emit(OpCodes.Conv_R4);
        _il.Emit(OpCodes.Conv_R8);
        _il.Emit(OpCodes.Stloc, _sum);
        BranchUnlessNormalAndFinite(SingleMinimumNormal, helper); // only NX can be raised, and it is set already
        _il.Emit(OpCodes.Ldloc, _sum);
        StoreBoxedSingle(d.Rd);
        _il.MarkLabel(done);
    }

    /// <summary>
    /// Pushes (±rs1 × rs2) ± rs3 of three boxed singles as one double FMA (the product is exact in double, so this is
    /// the exact value rounded once). Rounding that to single again is the correctly rounded result unless the double
    /// landed exactly on a midpoint between two singles, where the first rounding may have made a false tie: that case
    /// branches to <paramref name="helper"/>.
    /// </summary>
    private void EmitSingleFusedInDouble(in DecodedInstruction d, Label helper)
    {
        var op = d.Opcode;
        LoadBoxedSingle(d.Rs1, _singleX ??= _il.DeclareLocal(typeof(double)), helper);
        LoadBoxedSingle(d.Rs2, _singleY ??= _il.DeclareLocal(typeof(double)), helper);
        LoadBoxedSingle(d.Rs3, _singleZ ??= _il.DeclareLocal(typeof(double)), helper);
        EmitFusedMultiplyAdd(_singleX, _singleY, _singleZ,
            negateProduct: op is Opcode.FnmsubS or Opcode.FnmaddS, negateAddend: op is Opcode.FmsubS or Opcode.FnmaddS);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Call, DoubleToBits);
        _il.Emit(OpCodes.Ldc_I8, BelowSingle);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Ldc_I8, SingleMidpoint);
        var notMidpoint = _il.DefineLabel();
        _il.Emit(OpCodes.Bne_Un, notMidpoint);
        _il.Emit(OpCodes.Pop);
        _il.Emit(OpCodes.Br, helper);
        _il.MarkLabel(notMidpoint);
    }

    /// <summary>fcvt.d.s, feq.s, flt.s and fle.s inline for boxed, non-NaN operands; false for other instructions.</summary>
    private bool TryEmitSingleExact(in DecodedInstruction d)
    {
        var op = d.Opcode;
        if (op is not (Opcode.FcvtDS or Opcode.FeqS or Opcode.FltS or Opcode.FleS))
            return false;
        var done = _il.DefineLabel();
        var helper = OutOfLineHelperCall(d, done);
        var x = _singleX ??= _il.DeclareLocal(typeof(double));
        LoadBoxedSingle(d.Rs1, x, helper);
        BranchIfNaN(x, helper);
        if (op == Opcode.FcvtDS)
        {
            _il.Emit(OpCodes.Ldloc, x);
            _il.Emit(OpCodes.Stloc, _floatRegisters[d.Rd]!);
            MarkFloatDirty();
        }
        else
        {
            var y = _singleY ??= _il.DeclareLocal(typeof(double));
            LoadBoxedSingle(d.Rs2, y, helper);
            BranchIfNaN(y, helper);
            EmitOrderedComparison(op is Opcode.FeqS ? Opcode.FeqD : op is Opcode.FltS ? Opcode.FltD : Opcode.FleD, x, y);
            StoreRegister(d.Rd);
        }
        _il.MarkLabel(done);
        return true;
    }

    /// <summary>
    /// Puts the single in f[<paramref name="register"/>], as the double of the same value, into <paramref name="into"/>;
    /// branches to <paramref name="notBoxed"/> when the register does not hold a NaN-boxed single.
    /// </summary>
    private void LoadBoxedSingle(int register, LocalBuilder into, Label notBoxed)
    {
        LoadFloatRegister(register);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Ldc_I4, 32);
        _il.Emit(OpCodes.Shr_Un);
        _il.Emit(OpCodes.Ldc_I8, 0xFFFF_FFFFL);
        var boxed = _il.DefineLabel();
        _il.Emit(OpCodes.Beq, boxed);
        _il.Emit(OpCodes.Pop);
        _il.Emit(OpCodes.Br, notBoxed);
        _il.MarkLabel(boxed);
        _il.Emit(OpCodes.Conv_U4);
        _il.Emit(OpCodes.Call, BitsToSingle);
        _il.Emit(OpCodes.Conv_R8);
        _il.Emit(OpCodes.Stloc, into);
    }

    /// <summary>Pops a double that holds a single's value exactly and stores that single, NaN-boxed, in f[<paramref name="register"/>].</summary>
    private void StoreBoxedSingle(int register)
    {
        _il.Emit(OpCodes.Conv_R4);
        _il.Emit(OpCodes.Call, SingleToBits);
        _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Ldc_I8, unchecked((long)NanBoxUpper));
        _il.Emit(OpCodes.Or);
        StoreFloatRegister(register);
    }

    private void BranchIfNaN(LocalBuilder value, Label nan)
    {
        _il.Emit(OpCodes.Ldloc, value);
        _il.Emit(OpCodes.Ldloc, value);
        _il.Emit(OpCodes.Bne_Un, nan);
    }
}
