using System.Reflection;
using System.Reflection.Emit;
using Translator.Isa;
using Translator.SoftFloat;

namespace Translator.Engines.Translation;

// The inline round-to-nearest-even path of fadd.d, fsub.d, fmul.d, fdiv.d and fsqrt.d (Emit.FloatingPoint.cs calls
// it first). Its exactness check is skipped while fflags.NX is known to be set (_inexactKnown).
internal sealed partial class BlockTranslator
{
    // fadd.d, fsub.d, fmul.d, fdiv.d and fsqrt.d in round-to-nearest-even, inline: the host operation and the
    // exactness check of SoftFloat's HostFastPath (Add, Mul, Div, Sqrt), with the same operand ranges (outside them,
    // and in any other rounding mode, the helper runs). Constants as there: 2^1023 for sums; [2^-900, infinity) for
    // products, quotients, dividends and square roots' operands.
    private const ulong DoubleMagnitude = 0x7FFF_FFFF_FFFF_FFFF;
    private const ulong DoubleHalfRange = 0x7FE0_0000_0000_0000;
    private const ulong DoubleSafeMinimum = 0x07B0_0000_0000_0000;
    private const ulong DoubleInfinity = 0x7FF0_0000_0000_0000;
    private static readonly MethodInfo BitsToDouble = typeof(BitConverter).GetMethod(nameof(BitConverter.UInt64BitsToDouble))!;
    private static readonly MethodInfo DoubleToBits = typeof(BitConverter).GetMethod(nameof(BitConverter.DoubleToUInt64Bits))!;
    private static readonly MethodInfo SquareRoot = typeof(Math).GetMethod(nameof(Math.Sqrt), new[] { typeof(double) })!;
    private static readonly MethodInfo FusedMultiplyAdd = typeof(Math).GetMethod(nameof(Math.FusedMultiplyAdd), new[] { typeof(double), typeof(double), typeof(double) })!;
    private LocalBuilder? _x, _y, _sum, _bits;

    private bool TryEmitNearestEvenInline(in DecodedInstruction d, bool dynamic, MethodInfo helper)
    {
        var op = d.Opcode;
        if (op is not (Opcode.FaddD or Opcode.FsubD or Opcode.FmulD or Opcode.FdivD or Opcode.FsqrtD)
            || (!dynamic && d.Rm != (byte)RoundingMode.NearestEven))
            return false;
        _x ??= _il.DeclareLocal(typeof(double));
        _y ??= _il.DeclareLocal(typeof(double));
        _sum ??= _il.DeclareLocal(typeof(double));
        _bits ??= _il.DeclareLocal(typeof(ulong));
        var done = _il.DefineLabel();
        var exact = _il.DefineLabel();
        var instruction = d;
        var slow = OutOfLine(() =>
        {
            EmitHelperCall(in instruction, dynamic, helper);
            _il.Emit(OpCodes.Stloc, _floatRegisters[instruction.Rd]!);
            _il.Emit(OpCodes.Br, done);
        });
        if (dynamic)
        {
            _il.Emit(OpCodes.Ldloc, _fpMode!); // 0..4 (the dispatcher checked frm); 0 is RNE
            _il.Emit(OpCodes.Brtrue, slow);
        }
        if (op is Opcode.FmulD or Opcode.FdivD)
        {
            // result = x * y or x / y, in [2^-900, infinity) (and for a quotient x too): exact iff
            // fma(x, y, -product) == 0, or fma(-quotient, y, x) == 0
            if (op == Opcode.FdivD)
                BranchUnlessSafe(() =>
                {
                    LoadFloatRegister(instruction.Rs1);
                    _il.Emit(OpCodes.Ldc_I8, unchecked((long)DoubleMagnitude));
                    _il.Emit(OpCodes.And);
                }, slow);
            LoadDouble(d.Rs1, _x);
            LoadDouble(d.Rs2, _y);
            _il.Emit(OpCodes.Ldloc, _x);
            _il.Emit(OpCodes.Ldloc, _y);
            _il.Emit(op == Opcode.FmulD ? OpCodes.Mul : OpCodes.Div);
            StoreResultUnlessUnsafe(slow);
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
        }
        else if (op == Opcode.FsqrtD)
        {
            // x positive, finite and in [2^-900, infinity): the root is never tiny; exact iff fma(-root, root, x) == 0
            BranchUnlessSafe(() => LoadFloatRegister(instruction.Rs1), slow);
            LoadDouble(d.Rs1, _x);
            _il.Emit(OpCodes.Ldloc, _x);
            _il.Emit(OpCodes.Call, SquareRoot);
            StoreResultUnlessUnsafe(null);
            SkipIfInexactKnown(exact);
            _il.Emit(OpCodes.Ldloc, _sum);
            _il.Emit(OpCodes.Neg);
            _il.Emit(OpCodes.Ldloc, _sum);
            _il.Emit(OpCodes.Ldloc, _x);
            _il.Emit(OpCodes.Call, FusedMultiplyAdd);
        }
        else
        {
            // Both magnitudes below 2^1023: sum = x + y cannot overflow, and TwoSum's error term is exact.
            BranchUnlessBelowHalfRange(d.Rs1, slow);
            BranchUnlessBelowHalfRange(d.Rs2, slow);
            LoadDouble(d.Rs1, _x);
            LoadDouble(d.Rs2, _y);
            if (op == Opcode.FsubD)
            {
                _il.Emit(OpCodes.Ldloc, _y);
                _il.Emit(OpCodes.Neg);
                _il.Emit(OpCodes.Stloc, _y);
            }
            _il.Emit(OpCodes.Ldloc, _x);
            _il.Emit(OpCodes.Ldloc, _y);
            _il.Emit(OpCodes.Add);
            StoreResultUnlessUnsafe(null); // no range check: a sum is never tiny and inexact at once
            SkipIfInexactKnown(exact);
            // (x - (sum - (sum - x))) + (y - (sum - x))
            _il.Emit(OpCodes.Ldloc, _x);
            _il.Emit(OpCodes.Ldloc, _sum);
            _il.Emit(OpCodes.Ldloc, _sum);
            _il.Emit(OpCodes.Ldloc, _x);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Ldloc, _y);
            _il.Emit(OpCodes.Ldloc, _sum);
            _il.Emit(OpCodes.Ldloc, _x);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Add);
        }
        // The error term on the stack: nonzero means inexact.
        _il.Emit(OpCodes.Ldc_R8, 0.0);
        _il.Emit(OpCodes.Beq, exact);
        _il.Emit(OpCodes.Ldloc, _fflags!);
        _il.Emit(OpCodes.Ldc_I4, (int)FloatFlags.Inexact);
        _il.Emit(OpCodes.Or);
        _il.Emit(OpCodes.Stloc, _fflags!);
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Stloc, _inexactKnown!);
        _il.MarkLabel(exact);
        _il.Emit(OpCodes.Ldloc, _bits);
        _il.Emit(OpCodes.Stloc, _floatRegisters[d.Rd]!);
        _il.MarkLabel(done);
        MarkFloatDirty();
        return true;
    }

    private void SkipIfInexactKnown(Label exact)
    {
        _il.Emit(OpCodes.Ldloc, _inexactKnown!);
        _il.Emit(OpCodes.Brtrue, exact);
    }

    /// <summary>Pops a double into _sum and its bits into _bits; with <paramref name="slow"/>, branches there unless it lies in [2^-900, infinity).</summary>
    private void StoreResultUnlessUnsafe(Label? slow)
    {
        _il.Emit(OpCodes.Stloc, _sum!);
        _il.Emit(OpCodes.Ldloc, _sum!);
        _il.Emit(OpCodes.Call, DoubleToBits);
        _il.Emit(OpCodes.Stloc, _bits!);
        if (slow is { } unsafeResult)
            BranchUnlessSafe(() =>
            {
                _il.Emit(OpCodes.Ldloc, _bits!);
                _il.Emit(OpCodes.Ldc_I8, unchecked((long)DoubleMagnitude));
                _il.Emit(OpCodes.And);
            }, unsafeResult);
    }

    /// <summary>Branches to <paramref name="slow"/> unless the bits <paramref name="push"/> pushes lie in [2^-900, infinity) (as HostFastPath's InSafeRange).</summary>
    private void BranchUnlessSafe(Action push, Label slow)
    {
        push();
        _il.Emit(OpCodes.Ldc_I8, (long)DoubleSafeMinimum);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Ldc_I8, (long)(DoubleInfinity - DoubleSafeMinimum));
        _il.Emit(OpCodes.Bge_Un, slow);
    }

    private void LoadDouble(int register, LocalBuilder into)
    {
        LoadFloatRegister(register);
        _il.Emit(OpCodes.Call, BitsToDouble);
        _il.Emit(OpCodes.Stloc, into);
    }

    private void BranchUnlessBelowHalfRange(int register, Label slow)
    {
        LoadFloatRegister(register);
        _il.Emit(OpCodes.Ldc_I8, unchecked((long)DoubleMagnitude));
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Ldc_I8, (long)DoubleHalfRange);
        _il.Emit(OpCodes.Bge_Un, slow);
    }
}
