using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Translator.Hart;
using Translator.Isa;
using Translator.Privileged;
using Translator.SoftFloat;

namespace Translator.Engines;

// F and D (loads and stores are dispatched from the main switch). Every arithmetic operation is exact via SoftFloat. Singles live NaN-boxed in the 64-bit f registers:
// a single read from a register whose upper half is not all ones is the canonical NaN, and every single written
// is boxed. Transfers (fsw, fmv.x.w) move the low 32 bits untouched. FS = Off makes every instruction here illegal;
// writing an f register or raising a flag sets FS = Dirty.
public sealed partial class Interpreter
{
    private const ulong NanBoxUpper = 0xFFFF_FFFF_0000_0000;
    private const uint SingleSign = 0x8000_0000;
    private const ulong DoubleSign = 0x8000_0000_0000_0000;
    private const byte DynamicRoundingMode = 7;

    // Which opcodes have an rm field, looked up once instead of through the instruction table on every op.
    private static readonly bool[] HasRoundingMode = BuildRoundingModeTable();

    private static bool[] BuildRoundingModeTable()
    {
        // A loop over the numbers, not Enum.GetValues and LINQ: generic code every run would wait for RyuJIT to compile.
        var table = new bool[InstructionTable.Count];
        for (int op = 0; op < table.Length; op++)
            table[op] = (InstructionTable.Get((Opcode)op).Flags & InstructionFlags.HasRoundingMode) != 0;
        return table;
    }

    /// <summary>Whether the FPU is on (mstatus.FS is not Off); inlined into the main switch for fld/fsd/flw/fsw.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool FpuOn() => (Hart.Csrs.Mstatus & MstatusBits.Fs) != 0;

    /// <summary>flw/fld (the caller checked FS): loads, NaN-boxes a single, marks FS dirty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool LoadFloat(ref ulong x, in DecodedInstruction d, int width)
    {
        if (!Mmu.Load(R(ref x, d.Rs1) + (ulong)d.Imm, width, out ulong value))
            return false;
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Hart.F), d.Rd) = width == 4 ? NanBoxUpper | value : value;
        Hart.Csrs.Mstatus |= MstatusBits.FsDirty;
        return true;
    }

    /// <summary>fsw/fsd (the caller checked FS): stores the low bits of the register untouched.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool StoreFloat(ref ulong x, in DecodedInstruction d, int width) =>
        Mmu.Store(R(ref x, d.Rs1) + (ulong)d.Imm, width, Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Hart.F), d.Rs2));

    private Completion ExecuteFloatingPoint(in DecodedInstruction d)
    {
        var hart = Hart;
        if (!FpuOn())
            return Illegal(in d);
        RoundingMode rm = RoundingMode.NearestEven;
        if (HasRoundingMode[(int)d.Opcode])
        {
            uint mode = d.Rm == DynamicRoundingMode ? hart.Csrs.Frm : d.Rm;
            if (mode > (uint)RoundingMode.NearestMaxMagnitude)
                return Illegal(in d);
            rm = (RoundingMode)mode;
        }

        ulong[] f = hart.F;
        ulong[] x = hart.X;
        var flags = FloatFlags.None;
        switch (d.Opcode)
        {
            // --- Single-precision arithmetic
            case Opcode.FaddS: WriteS(d.Rd, F32.Add(S(d.Rs1), S(d.Rs2), rm, ref flags)); break;
            case Opcode.FsubS: WriteS(d.Rd, F32.Sub(S(d.Rs1), S(d.Rs2), rm, ref flags)); break;
            case Opcode.FmulS: WriteS(d.Rd, F32.Mul(S(d.Rs1), S(d.Rs2), rm, ref flags)); break;
            case Opcode.FdivS: WriteS(d.Rd, F32.Div(S(d.Rs1), S(d.Rs2), rm, ref flags)); break;
            case Opcode.FsqrtS: WriteS(d.Rd, F32.Sqrt(S(d.Rs1), rm, ref flags)); break;
            case Opcode.FmaddS: WriteS(d.Rd, F32.MulAdd(S(d.Rs1), S(d.Rs2), S(d.Rs3), rm, ref flags)); break;
            case Opcode.FmsubS: WriteS(d.Rd, F32.MulSub(S(d.Rs1), S(d.Rs2), S(d.Rs3), rm, ref flags)); break;
            case Opcode.FnmsubS: WriteS(d.Rd, F32.NegMulSub(S(d.Rs1), S(d.Rs2), S(d.Rs3), rm, ref flags)); break;
            case Opcode.FnmaddS: WriteS(d.Rd, F32.NegMulAdd(S(d.Rs1), S(d.Rs2), S(d.Rs3), rm, ref flags)); break;
            case Opcode.FminS: WriteS(d.Rd, F32.Min(S(d.Rs1), S(d.Rs2), ref flags)); break;
            case Opcode.FmaxS: WriteS(d.Rd, F32.Max(S(d.Rs1), S(d.Rs2), ref flags)); break;
            case Opcode.FsgnjS: WriteS(d.Rd, (S(d.Rs1) & ~SingleSign) | (S(d.Rs2) & SingleSign)); break;
            case Opcode.FsgnjnS: WriteS(d.Rd, (S(d.Rs1) & ~SingleSign) | (~S(d.Rs2) & SingleSign)); break;
            case Opcode.FsgnjxS: WriteS(d.Rd, S(d.Rs1) ^ (S(d.Rs2) & SingleSign)); break;
            case Opcode.FeqS: WriteX(d.Rd, F32.Eq(S(d.Rs1), S(d.Rs2), ref flags) ? 1UL : 0); break;
            case Opcode.FltS: WriteX(d.Rd, F32.Lt(S(d.Rs1), S(d.Rs2), ref flags) ? 1UL : 0); break;
            case Opcode.FleS: WriteX(d.Rd, F32.Le(S(d.Rs1), S(d.Rs2), ref flags) ? 1UL : 0); break;
            case Opcode.FclassS: WriteX(d.Rd, F32.Classify(S(d.Rs1))); break;
            case Opcode.FmvXW: WriteX(d.Rd, SignExtend32(f[d.Rs1])); break;
            case Opcode.FmvWX: WriteS(d.Rd, (uint)x[d.Rs1]); break;
            case Opcode.FcvtWS: WriteX(d.Rd, (ulong)(long)F32.ToInt32(S(d.Rs1), rm, ref flags)); break;
            case Opcode.FcvtWuS: WriteX(d.Rd, SignExtend32(F32.ToUInt32(S(d.Rs1), rm, ref flags))); break;
            case Opcode.FcvtLS: WriteX(d.Rd, (ulong)F32.ToInt64(S(d.Rs1), rm, ref flags)); break;
            case Opcode.FcvtLuS: WriteX(d.Rd, F32.ToUInt64(S(d.Rs1), rm, ref flags)); break;
            case Opcode.FcvtSW: WriteS(d.Rd, F32.FromInt32((int)x[d.Rs1], rm, ref flags)); break;
            case Opcode.FcvtSWu: WriteS(d.Rd, F32.FromUInt32((uint)x[d.Rs1], rm, ref flags)); break;
            case Opcode.FcvtSL: WriteS(d.Rd, F32.FromInt64((long)x[d.Rs1], rm, ref flags)); break;
            case Opcode.FcvtSLu: WriteS(d.Rd, F32.FromUInt64(x[d.Rs1], rm, ref flags)); break;
            case Opcode.FcvtSD: WriteS(d.Rd, F32.FromF64(f[d.Rs1], rm, ref flags)); break;

            // --- Double-precision arithmetic
            case Opcode.FaddD: WriteD(d.Rd, F64.Add(f[d.Rs1], f[d.Rs2], rm, ref flags)); break;
            case Opcode.FsubD: WriteD(d.Rd, F64.Sub(f[d.Rs1], f[d.Rs2], rm, ref flags)); break;
            case Opcode.FmulD: WriteD(d.Rd, F64.Mul(f[d.Rs1], f[d.Rs2], rm, ref flags)); break;
            case Opcode.FdivD: WriteD(d.Rd, F64.Div(f[d.Rs1], f[d.Rs2], rm, ref flags)); break;
            case Opcode.FsqrtD: WriteD(d.Rd, F64.Sqrt(f[d.Rs1], rm, ref flags)); break;
            case Opcode.FmaddD: WriteD(d.Rd, F64.MulAdd(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref flags)); break;
            case Opcode.FmsubD: WriteD(d.Rd, F64.MulSub(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref flags)); break;
            case Opcode.FnmsubD: WriteD(d.Rd, F64.NegMulSub(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref flags)); break;
            case Opcode.FnmaddD: WriteD(d.Rd, F64.NegMulAdd(f[d.Rs1], f[d.Rs2], f[d.Rs3], rm, ref flags)); break;
            case Opcode.FminD: WriteD(d.Rd, F64.Min(f[d.Rs1], f[d.Rs2], ref flags)); break;
            case Opcode.FmaxD: WriteD(d.Rd, F64.Max(f[d.Rs1], f[d.Rs2], ref flags)); break;
            case Opcode.FsgnjD: WriteD(d.Rd, (f[d.Rs1] & ~DoubleSign) | (f[d.Rs2] & DoubleSign)); break;
            case Opcode.FsgnjnD: WriteD(d.Rd, (f[d.Rs1] & ~DoubleSign) | (~f[d.Rs2] & DoubleSign)); break;
            case Opcode.FsgnjxD: WriteD(d.Rd, f[d.Rs1] ^ (f[d.Rs2] & DoubleSign)); break;
            case Opcode.FeqD: WriteX(d.Rd, F64.Eq(f[d.Rs1], f[d.Rs2], ref flags) ? 1UL : 0); break;
            case Opcode.FltD: WriteX(d.Rd, F64.Lt(f[d.Rs1], f[d.Rs2], ref flags) ? 1UL : 0); break;
            case Opcode.FleD: WriteX(d.Rd, F64.Le(f[d.Rs1], f[d.Rs2], ref flags) ? 1UL : 0); break;
            case Opcode.FclassD: WriteX(d.Rd, F64.Classify(f[d.Rs1])); break;
            case Opcode.FmvXD: WriteX(d.Rd, f[d.Rs1]); break;
            case Opcode.FmvDX: WriteD(d.Rd, x[d.Rs1]); break;
            case Opcode.FcvtWD: WriteX(d.Rd, (ulong)(long)F64.ToInt32(f[d.Rs1], rm, ref flags)); break;
            case Opcode.FcvtWuD: WriteX(d.Rd, SignExtend32(F64.ToUInt32(f[d.Rs1], rm, ref flags))); break;
            case Opcode.FcvtLD: WriteX(d.Rd, (ulong)F64.ToInt64(f[d.Rs1], rm, ref flags)); break;
            case Opcode.FcvtLuD: WriteX(d.Rd, F64.ToUInt64(f[d.Rs1], rm, ref flags)); break;
            case Opcode.FcvtDW: WriteD(d.Rd, F64.FromInt32((int)x[d.Rs1], rm, ref flags)); break;
            case Opcode.FcvtDWu: WriteD(d.Rd, F64.FromUInt32((uint)x[d.Rs1], rm, ref flags)); break;
            case Opcode.FcvtDL: WriteD(d.Rd, F64.FromInt64((long)x[d.Rs1], rm, ref flags)); break;
            case Opcode.FcvtDLu: WriteD(d.Rd, F64.FromUInt64(x[d.Rs1], rm, ref flags)); break;
            case Opcode.FcvtDS: WriteD(d.Rd, F64.FromF32(S(d.Rs1), ref flags)); break;

            default:
                return Illegal(in d);
        }
        if (flags != FloatFlags.None)
        {
            hart.Csrs.Fflags |= (uint)flags;
            CsrAccess.MarkFpDirty(hart);
        }
        return Completion.Retired;
    }

    // The main switch's direct cases: one instruction each, with ExecuteFloatingPoint's rules (FS = Off and a reserved
    // rounding mode are illegal; the result and FS = Dirty, then any flags). NoInlining keeps them out of Run's loop.

    /// <summary>The rounding mode of an instruction with an rm field, or -1 when it is illegal (FS = Off or reserved mode).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ResolveRoundingMode(CsrFile csrs, in DecodedInstruction d)
    {
        if ((csrs.Mstatus & MstatusBits.Fs) == 0)
            return -1;
        uint mode = d.Rm == DynamicRoundingMode ? csrs.Frm : d.Rm;
        return mode <= (uint)RoundingMode.NearestMaxMagnitude ? (int)mode : -1;
    }

    /// <summary>Writes an f register, marks FS dirty and accumulates <paramref name="flags"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Complete(CsrFile csrs, int rd, ulong value, FloatFlags flags)
    {
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Hart.F), rd) = value;
        csrs.Mstatus |= MstatusBits.FsDirty;
        csrs.Fflags |= (uint)flags;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong FloatRegister(int r) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Hart.F), r);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private unsafe bool DoubleBinary(in DecodedInstruction d, delegate*<ulong, ulong, RoundingMode, ref FloatFlags, ulong> op)
    {
        var csrs = Hart.Csrs;
        int rm = ResolveRoundingMode(csrs, in d);
        if (rm < 0)
            return false;
        var flags = FloatFlags.None;
        ulong result = op(FloatRegister(d.Rs1), FloatRegister(d.Rs2), (RoundingMode)rm, ref flags);
        Complete(csrs, d.Rd, result, flags);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private unsafe bool DoubleFused(in DecodedInstruction d, delegate*<ulong, ulong, ulong, RoundingMode, ref FloatFlags, ulong> op)
    {
        var csrs = Hart.Csrs;
        int rm = ResolveRoundingMode(csrs, in d);
        if (rm < 0)
            return false;
        var flags = FloatFlags.None;
        ulong result = op(FloatRegister(d.Rs1), FloatRegister(d.Rs2), FloatRegister(d.Rs3), (RoundingMode)rm, ref flags);
        Complete(csrs, d.Rd, result, flags);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool DoubleSqrt(in DecodedInstruction d)
    {
        var csrs = Hart.Csrs;
        int rm = ResolveRoundingMode(csrs, in d);
        if (rm < 0)
            return false;
        var flags = FloatFlags.None;
        ulong result = F64.Sqrt(FloatRegister(d.Rs1), (RoundingMode)rm, ref flags);
        Complete(csrs, d.Rd, result, flags);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private unsafe bool SingleBinary(in DecodedInstruction d, delegate*<uint, uint, RoundingMode, ref FloatFlags, uint> op)
    {
        var csrs = Hart.Csrs;
        int rm = ResolveRoundingMode(csrs, in d);
        if (rm < 0)
            return false;
        var flags = FloatFlags.None;
        uint result = op(F32.Unbox(FloatRegister(d.Rs1)), F32.Unbox(FloatRegister(d.Rs2)), (RoundingMode)rm, ref flags);
        Complete(csrs, d.Rd, F32.NaNBox(result), flags);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private unsafe bool SingleFused(in DecodedInstruction d, delegate*<uint, uint, uint, RoundingMode, ref FloatFlags, uint> op)
    {
        var csrs = Hart.Csrs;
        int rm = ResolveRoundingMode(csrs, in d);
        if (rm < 0)
            return false;
        var flags = FloatFlags.None;
        uint result = op(F32.Unbox(FloatRegister(d.Rs1)), F32.Unbox(FloatRegister(d.Rs2)), F32.Unbox(FloatRegister(d.Rs3)), (RoundingMode)rm, ref flags);
        Complete(csrs, d.Rd, F32.NaNBox(result), flags);
        return true;
    }

    /// <summary>fsgnj.d, fsgnjn.d, fsgnjx.d (fmv.d, fneg.d, fabs.d), fmv.x.d and fmv.d.x: no rounding, no flags.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool DoubleMove(in DecodedInstruction d)
    {
        var csrs = Hart.Csrs;
        if ((csrs.Mstatus & MstatusBits.Fs) == 0)
            return false;
        ulong a = FloatRegister(d.Rs1);
        switch (d.Opcode)
        {
            case Opcode.FmvXD:
                if (d.Rd != 0)
                    Hart.X[d.Rd] = a;
                return true; // writes no f register: FS stays as it is
            case Opcode.FmvDX:
                a = Hart.X[d.Rs1];
                break;
            case Opcode.FsgnjD: a = (a & ~DoubleSign) | (FloatRegister(d.Rs2) & DoubleSign); break;
            case Opcode.FsgnjnD: a = (a & ~DoubleSign) | (~FloatRegister(d.Rs2) & DoubleSign); break;
            default: a ^= FloatRegister(d.Rs2) & DoubleSign; break;
        }
        Complete(csrs, d.Rd, a, FloatFlags.None);
        return true;
    }

    /// <summary>Reads f[r] as a single: the low half if properly NaN-boxed, else the canonical NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint S(int r)
    {
        ulong value = Hart.F[r];
        return (value & NanBoxUpper) == NanBoxUpper ? (uint)value : F32.CanonicalNaN;
    }

    /// <summary>Writes a single to f[r], NaN-boxed, and marks the FP state dirty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteS(int r, uint value)
    {
        Hart.F[r] = NanBoxUpper | value;
        CsrAccess.MarkFpDirty(Hart);
    }

    /// <summary>Writes a double to f[r] and marks the FP state dirty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteD(int r, ulong value)
    {
        Hart.F[r] = value;
        CsrAccess.MarkFpDirty(Hart);
    }
}
