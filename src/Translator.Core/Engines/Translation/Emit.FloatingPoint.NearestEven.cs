using System.Reflection;
using System.Reflection.Emit;
using Translator.Isa;
using Translator.SoftFloat;

namespace Translator.Engines.Translation;

// The inline round-to-nearest-even path of fadd.d, fsub.d, fmul.d, fdiv.d and fsqrt.d (Emit.FloatingPoint.cs tries
// it first). Outside the operand ranges it handles, the region leaves before the instruction and the interpreter
// runs it: there is no call on this path, so RyuJIT can keep the f registers (double locals) in XMM registers, which
// any call clobbers. The fused multiply-adds (fmadd.d, fmsub.d, fnmsub.d, fnmadd.d) take the host FMA inline only
// while fflags.NX is known to be set and the result is normal and finite, so that no flag can change; otherwise they
// call SoftFloat out of line (an exact FMA that keeps NX clear is common, and the interpreter would be far slower).
// Single-precision arithmetic works the same way (Emit.FloatingPoint.Single.cs). With the dynamic rounding mode the
// region assumes frm is RNE (FloatingPointNeeds.NearestEven),
// so a program that changes frm runs such regions in the interpreter instead of leaving them at every operation; a
// region compiled while frm is not RNE calls SoftFloat for that arithmetic instead (BlockTranslator.Translate).
// The exactness check is skipped while fflags.NX is known to be set (_inexactKnown).
internal sealed partial class BlockTranslator
{
    // SoftFloat's HostFastPath ranges: both magnitudes below 2^1023 for sums; [2^-900, infinity) for products,
    // quotients, dividends and square roots' operands.
    private static readonly double DoubleHalfRange = BitConverter.UInt64BitsToDouble(0x7FE0_0000_0000_0000);
    private static readonly double DoubleSafeMinimum = BitConverter.UInt64BitsToDouble(0x07B0_0000_0000_0000);
    private static readonly double DoubleMinimumNormal = BitConverter.UInt64BitsToDouble(0x0010_0000_0000_0000);
    private static readonly MethodInfo SquareRoot = typeof(Math).GetMethod(nameof(Math.Sqrt), new[] { typeof(double) })!;
    private static readonly MethodInfo Absolute = typeof(Math).GetMethod(nameof(Math.Abs), new[] { typeof(double) })!;
    private static readonly MethodInfo FusedMultiplyAdd = typeof(Math).GetMethod(nameof(Math.FusedMultiplyAdd), new[] { typeof(double), typeof(double), typeof(double) })!;
    private LocalBuilder? _x, _y, _sum;

    /// <summary>
    /// Whether the instruction takes the inline path: one of the five, in RNE, or in the dynamic rounding mode when
    /// <paramref name="inlineDynamicRounding"/> (see <see cref="Translate"/>).
    /// </summary>
    private static bool TakesNearestEvenInline(in DecodedInstruction d, bool inlineDynamicRounding) =>
        (d.Opcode is Opcode.FaddD or Opcode.FsubD or Opcode.FmulD or Opcode.FdivD or Opcode.FsqrtD
            or Opcode.FmaddD or Opcode.FmsubD or Opcode.FnmsubD or Opcode.FnmaddD || IsSingleArithmetic(d.Opcode))
        && (d.Rm == (byte)RoundingMode.NearestEven || (d.Rm == RoundingModes.Dynamic && inlineDynamicRounding));

    private bool TryEmitNearestEvenInline(in DecodedInstruction d, int index)
    {
        if (!TakesNearestEvenInline(in d, _inlineDynamicRounding))
            return false;
        var op = d.Opcode;
        if (op is Opcode.FmaddD or Opcode.FmsubD or Opcode.FnmsubD or Opcode.FnmaddD)
        {
            EmitFusedInline(in d);
            return true;
        }
        if (IsSingleArithmetic(op))
        {
            EmitSingleArithmeticInline(in d);
            return true;
        }
        _x ??= _il.DeclareLocal(typeof(double));
        _y ??= _il.DeclareLocal(typeof(double));
        _sum ??= _il.DeclareLocal(typeof(double));
        var exact = _il.DefineLabel();
        var interpret = InterpretExitBefore(index);
        LoadDouble(d.Rs1, _x);
        if (op != Opcode.FsqrtD)
            LoadDouble(d.Rs2, _y);
        if (op is Opcode.FmulD or Opcode.FdivD)
        {
            // result = x * y or x / y, in [2^-900, infinity) (and for a quotient x too): exact iff
            // fma(x, y, -product) == 0, or fma(-quotient, y, x) == 0
            _il.Emit(OpCodes.Ldloc, _x);
            _il.Emit(OpCodes.Ldloc, _y);
            _il.Emit(op == Opcode.FmulD ? OpCodes.Mul : OpCodes.Div);
            _il.Emit(OpCodes.Stloc, _sum);
            var outsideRange = OutOfLine(() => ZeroOrInterpret(op, exact, interpret));
            if (op == Opcode.FdivD)
                BranchUnlessSafe(_x, outsideRange);
            BranchUnlessSafe(_sum, outsideRange);
            SkipIfInexactKnown(exact);
            if (op == Opcode.FmulD)
            {
                _il.Emit(OpCodes.Ldloc, _x);
                _il.Emit(OpCodes.Ldloc, _y);
                _il.Emit(OpCodes.Ldloc, _sum);
                _il.Emit(OpCodes.Neg);
            }
            else
            {
                _il.Emit(OpCodes.Ldloc, _sum);
                _il.Emit(OpCodes.Neg);
                _il.Emit(OpCodes.Ldloc, _y);
                _il.Emit(OpCodes.Ldloc, _x);
            }
            _il.Emit(OpCodes.Call, FusedMultiplyAdd);
            BranchIfZero(exact);
        }
        else if (op == Opcode.FsqrtD)
        {
            // x positive, finite and in [2^-900, infinity): the root is never tiny; exact iff fma(-root, root, x) == 0.
            // The root of a zero is that zero, exact.
            var outsideRange = OutOfLine(() =>
            {
                _il.Emit(OpCodes.Ldloc, _x);
                _il.Emit(OpCodes.Ldc_R8, 0.0);
                _il.Emit(OpCodes.Bne_Un, interpret);
                _il.Emit(OpCodes.Ldloc, _x);
                _il.Emit(OpCodes.Stloc, _sum);
                _il.Emit(OpCodes.Br, exact);
            });
            BranchUnlessSafe(_x, outsideRange, signed: true);
            _il.Emit(OpCodes.Ldloc, _x);
            _il.Emit(OpCodes.Call, SquareRoot);
            _il.Emit(OpCodes.Stloc, _sum);
            SkipIfInexactKnown(exact);
            _il.Emit(OpCodes.Ldloc, _sum);
            _il.Emit(OpCodes.Neg);
            _il.Emit(OpCodes.Ldloc, _sum);
            _il.Emit(OpCodes.Ldloc, _x);
            _il.Emit(OpCodes.Call, FusedMultiplyAdd);
            BranchIfZero(exact);
        }
        else
        {
            // Both magnitudes below 2^1023: sum = x + y cannot overflow, and TwoSum's error term (sum - x - y exactly) is
            // computed exactly. The sum is exact iff sum - x == y and sum - y == x: then that term is (x - (sum - y)) +
            // (y - y) = 0; and if the sum is exact, both differences are exact. Two independent subtractions instead
            // of TwoSum's chain of five operations.
            BranchUnlessBelowHalfRange(_x, interpret);
            BranchUnlessBelowHalfRange(_y, interpret);
            if (op == Opcode.FsubD)
            {
                _il.Emit(OpCodes.Ldloc, _y);
                _il.Emit(OpCodes.Neg);
                _il.Emit(OpCodes.Stloc, _y);
            }
            _il.Emit(OpCodes.Ldloc, _x);
            _il.Emit(OpCodes.Ldloc, _y);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Stloc, _sum); // no range check: a sum is never tiny and inexact at once
            SkipIfInexactKnown(exact);
            var inexact = _il.DefineLabel();
            _il.Emit(OpCodes.Ldloc, _sum);
            _il.Emit(OpCodes.Ldloc, _x);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Ldloc, _y);
            _il.Emit(OpCodes.Bne_Un, inexact);
            _il.Emit(OpCodes.Ldloc, _sum);
            _il.Emit(OpCodes.Ldloc, _y);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Ldloc, _x);
            _il.Emit(OpCodes.Beq, exact);
            _il.MarkLabel(inexact);
        }
        // Here the result is inexact.
        RaiseInexact();
        _il.MarkLabel(exact);
        _il.Emit(OpCodes.Ldloc, _sum);
        _il.Emit(OpCodes.Stloc, _floatRegisters[d.Rd]!);
        MarkFloatDirty();
        return true;
    }

    /// <summary>
    /// (±rs1 × rs2) ± rs3 on the host FMA, which rounds to nearest-even as RISC-V does. A normal, finite result raises
    /// at most NX, so with NX already set nothing else changes; anything else (NX clear, a tiny, zero, infinite or NaN
    /// result) calls SoftFloat out of line, which also sets the flags.
    /// </summary>
    private void EmitFusedInline(in DecodedInstruction d)
    {
        var op = d.Opcode;
        _x ??= _il.DeclareLocal(typeof(double));
        _sum ??= _il.DeclareLocal(typeof(double));
        var done = _il.DefineLabel();
        var helper = OutOfLineHelperCall(d, done, NoteInexactRaised);
        _il.Emit(OpCodes.Ldloc, _inexactKnown!);
        _il.Emit(OpCodes.Brfalse, helper);
        EmitFusedMultiplyAdd(_floatRegisters[d.Rs1]!, _floatRegisters[d.Rs2]!, _floatRegisters[d.Rs3]!,
            negateProduct: op is Opcode.FnmsubD or Opcode.FnmaddD, negateAddend: op is Opcode.FmsubD or Opcode.FnmaddD);
        _il.Emit(OpCodes.Stloc, _sum);
        BranchUnlessNormalAndFinite(DoubleMinimumNormal, helper);
        _il.Emit(OpCodes.Ldloc, _sum);
        _il.Emit(OpCodes.Stloc, _floatRegisters[d.Rd]!);
        MarkFloatDirty();
        _il.MarkLabel(done);
    }

    /// <summary>Pushes (±<paramref name="x"/> × <paramref name="y"/>) ± <paramref name="z"/> on the host FMA, which rounds once, to nearest-even.</summary>
    private void EmitFusedMultiplyAdd(LocalBuilder x, LocalBuilder y, LocalBuilder z, bool negateProduct, bool negateAddend)
    {
        _il.Emit(OpCodes.Ldloc, x);
        if (negateProduct)
            _il.Emit(OpCodes.Neg); // -(x*y) = (-x)*y exactly
        _il.Emit(OpCodes.Ldloc, y);
        _il.Emit(OpCodes.Ldloc, z);
        if (negateAddend)
            _il.Emit(OpCodes.Neg);
        _il.Emit(OpCodes.Call, FusedMultiplyAdd);
    }

    /// <summary>
    /// Branches to <paramref name="outside"/> unless the result in _sum is finite and at least
    /// <paramref name="minimumNormal"/> in magnitude (so not tiny, not zero, not a NaN): then only NX can be raised.
    /// </summary>
    private void BranchUnlessNormalAndFinite(double minimumNormal, Label outside)
    {
        _il.Emit(OpCodes.Ldloc, _sum!);
        _il.Emit(OpCodes.Call, Absolute);
        _il.Emit(OpCodes.Stloc, _x!);
        _il.Emit(OpCodes.Ldloc, _x!);
        _il.Emit(OpCodes.Ldc_R8, minimumNormal);
        _il.Emit(OpCodes.Blt_Un, outside); // tiny, zero or NaN
        _il.Emit(OpCodes.Ldloc, _x!);
        _il.Emit(OpCodes.Ldc_R8, double.PositiveInfinity);
        _il.Emit(OpCodes.Beq, outside);
    }

    /// <summary>Raises NX for an inline operation whose result is inexact (and from here NX is known set).</summary>
    private void RaiseInexact()
    {
        _il.Emit(OpCodes.Ldloc, _fflags!);
        _il.Emit(OpCodes.Ldc_I4, (int)FloatFlags.Inexact);
        _il.Emit(OpCodes.Or);
        _il.Emit(OpCodes.Stloc, _fflags!);
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Stloc, _inexactKnown!);
    }

    /// <summary>After a helper call: an inexact result there lets the following operations of this run take their inline paths.</summary>
    private void NoteInexactRaised()
    {
        _il.Emit(OpCodes.Ldloc, _fflags!);
        _il.Emit(OpCodes.Ldc_I4, (int)FloatFlags.Inexact);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Ldloc, _inexactKnown!);
        _il.Emit(OpCodes.Or);
        _il.Emit(OpCodes.Stloc, _inexactKnown!);
    }

    /// <summary>
    /// A product or quotient outside the fast range: a zero that comes from a zero operand (a zero dividend) is exact
    /// and raises nothing, so it goes to <paramref name="exact"/>; anything else (underflow, overflow, infinities,
    /// NaNs, division by zero) to the interpreter.
    /// </summary>
    private void ZeroOrInterpret(Opcode op, Label exact, Label interpret)
    {
        _il.Emit(OpCodes.Ldloc, _sum!);
        _il.Emit(OpCodes.Ldc_R8, 0.0);
        _il.Emit(OpCodes.Bne_Un, interpret); // nonzero, or NaN
        _il.Emit(OpCodes.Ldloc, _x!);
        _il.Emit(OpCodes.Ldc_R8, 0.0);
        _il.Emit(OpCodes.Beq, exact);
        if (op == Opcode.FmulD)
        {
            _il.Emit(OpCodes.Ldloc, _y!);
            _il.Emit(OpCodes.Ldc_R8, 0.0);
            _il.Emit(OpCodes.Beq, exact);
        }
        _il.Emit(OpCodes.Br, interpret);
    }

    /// <summary>Pops the error term of an FMA check and branches to <paramref name="exact"/> when it is zero.</summary>
    private void BranchIfZero(Label exact)
    {
        _il.Emit(OpCodes.Ldc_R8, 0.0);
        _il.Emit(OpCodes.Beq, exact);
    }

    private void SkipIfInexactKnown(Label exact)
    {
        _il.Emit(OpCodes.Ldloc, _inexactKnown!);
        _il.Emit(OpCodes.Brtrue, exact);
    }

    /// <summary>
    /// Branches to <paramref name="outside"/> unless <paramref name="value"/> lies in [2^-900, infinity) in magnitude
    /// (as HostFastPath's InSafeRange), or with <paramref name="signed"/> in [2^-900, infinity) itself.
    /// </summary>
    private void BranchUnlessSafe(LocalBuilder value, Label outside, bool signed = false)
    {
        void Push()
        {
            _il.Emit(OpCodes.Ldloc, value);
            if (!signed)
                _il.Emit(OpCodes.Call, Absolute);
        }
        Push();
        _il.Emit(OpCodes.Ldc_R8, DoubleSafeMinimum);
        _il.Emit(OpCodes.Blt_Un, outside); // below the range, or NaN
        Push();
        _il.Emit(OpCodes.Ldc_R8, double.PositiveInfinity);
        _il.Emit(OpCodes.Beq, outside);
    }

    /// <summary>Branches to <paramref name="outside"/> unless |<paramref name="value"/>| &lt; 2^1023 (NaN included in outside).</summary>
    private void BranchUnlessBelowHalfRange(LocalBuilder value, Label outside)
    {
        _il.Emit(OpCodes.Ldloc, value);
        _il.Emit(OpCodes.Call, Absolute);
        _il.Emit(OpCodes.Ldc_R8, DoubleHalfRange);
        _il.Emit(OpCodes.Bge_Un, outside);
    }

    private void LoadDouble(int register, LocalBuilder into)
    {
        _il.Emit(OpCodes.Ldloc, _floatRegisters[register]!);
        _il.Emit(OpCodes.Stloc, into);
    }
}
