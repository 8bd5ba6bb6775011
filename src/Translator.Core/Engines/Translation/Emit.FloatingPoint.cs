using System.Reflection;
using System.Reflection.Emit;
using Translator.Hart;
using Translator.Isa;
using Translator.SoftFloat;

namespace Translator.Engines.Translation;

// F and D, compiled into the block with the interpreter's semantics (Interpreter.FloatingPoint.cs):
// - The f registers a block uses live in IL locals like the x registers: loaded on entry from HartState.F, the ones
//   it writes stored back at the epilogue. The locals are doubles, so that RyuJIT keeps them in XMM registers
//   (16 of them, apart from the general registers the x locals need) and the inline arithmetic uses them as they
//   are; bit-level uses (NaN boxes, sign injection, helpers, stores) reinterpret them, which keeps every bit.
// - Nothing a block runs can change mstatus.FS or frm (CSR instructions and traps end or leave blocks). So the
//   code checks neither: the dispatcher runs a compiled block with F/D instructions only when FS is not Off and,
//   if the block has a dynamic rounding mode, frm is valid, and RNE where the inline arithmetic below uses it
//   (FloatingPointNeedsOf, TranslatedBlock.FloatingPointReady); otherwise the interpreter runs it and raises the
//   illegal-instruction trap at the right instruction. The prologue reads frm once into _fpMode for the helpers.
// - fflags raised and "FS becomes Dirty" accumulate in locals and reach the CSRs at the epilogue that every exit
//   goes through, so the hart sees exactly what the interpreter would leave.
// - Arithmetic calls FloatingPointHelpers (SoftFloat with the NaN-boxing rules), one method per opcode; sign
//   injection and moves are inline, and so are fadd.d, fsub.d, fmul.d, fdiv.d and fsqrt.d in RNE, which leave
//   for the interpreter instead of calling out when an operand is out of their range
//   (Emit.FloatingPoint.NearestEven.cs). Other common operations are inline where no flag or rounding can differ
//   and call SoftFloat out of line otherwise: the fused multiply-adds and single-precision arithmetic while NX is
//   known set, comparisons of non-NaNs, exact integer-to-double conversions, in-range rtz truncations, fcvt.d.s
//   (Emit.FloatingPoint.Single.cs). flw/fld/fsw/fsd use the integer accesses' inline RAM/TLB paths
//   (Emit.FloatingPoint.Memory.cs); fflags accesses and frm/fcsr reads are compiled too (Emit.FloatingPoint.Csr.cs).
internal sealed partial class BlockTranslator
{
    private static readonly FieldInfo CsrsField = typeof(BlockRuntime).GetField(nameof(BlockRuntime.Csrs))!;
    private static readonly FieldInfo FloatRegistersField = typeof(BlockRuntime).GetField(nameof(BlockRuntime.FloatRegisters))!;
    private static readonly FieldInfo MstatusField = typeof(CsrFile).GetField(nameof(CsrFile.Mstatus))!;
    private static readonly FieldInfo FrmField = typeof(CsrFile).GetField(nameof(CsrFile.Frm))!;
    private static readonly FieldInfo FflagsField = typeof(CsrFile).GetField(nameof(CsrFile.Fflags))!;
    private static readonly MethodInfo?[] FloatingPointHelperMethods = FindFloatingPointHelpers();
    private static readonly MethodInfo BitsToDouble = typeof(BitConverter).GetMethod(nameof(BitConverter.UInt64BitsToDouble))!;
    private static readonly MethodInfo DoubleToBits = typeof(BitConverter).GetMethod(nameof(BitConverter.DoubleToUInt64Bits))!;

    private const ulong NanBoxUpper = F32.NaNBoxUpperHalf;
    private const ulong DoubleSign = F64.SignBit;

    private readonly LocalBuilder?[] _floatRegisters = new LocalBuilder?[32];
    private readonly bool[] _floatWritten = new bool[32];
    private LocalBuilder? _floatBase, _csrs, _fpMode, _fflags, _fpDirty, _truncated;
    // The leader of the basic block whose main path is being emitted (-1 for out-of-line code), and the last one
    // whose main path has set _fpDirty.
    private int _leaderEmitting = -1, _leaderMarkedDirty = -1;
    // Nonzero while fflags.NX is known to be set (in the CSR at entry, or raised since): the inline operations then
    // skip their exactness check, which no longer changes anything. Sticky flags make this the common case.
    private LocalBuilder? _inexactKnown;

    // By opcode. An array, and the non-generic Enum.Parse: a dictionary keyed by Opcode and Enum.Parse<Opcode> are
    // generic code that ReadyToRun leaves to RyuJIT, which the first region would wait for.
    private static MethodInfo?[] FindFloatingPointHelpers()
    {
        var methods = typeof(FloatingPointHelpers).GetMethods(BindingFlags.Public | BindingFlags.Static);
        var opcodes = new int[methods.Length];
        int count = 0;
        for (int i = 0; i < methods.Length; i++)
            count = Math.Max(count, (opcodes[i] = (ushort)Enum.Parse(typeof(Opcode), methods[i].Name)) + 1);
        var helpers = new MethodInfo?[count];
        for (int i = 0; i < methods.Length; i++)
            helpers[opcodes[i]] = methods[i];
        return helpers;
    }

    private static MethodInfo FloatingPointHelper(Opcode op) =>
        (int)op < FloatingPointHelperMethods.Length && FloatingPointHelperMethods[(int)op] is { } method
            ? method : throw new InvalidOperationException($"no floating-point helper for {op}");

    /// <summary>What a block's compiled F/D code assumes: FS not Off (any F/D instruction), frm valid (a dynamic rounding mode), frm RNE (a dynamic rounding mode on the inline path).</summary>
    public static FloatingPointNeeds FloatingPointNeedsOf(GuestBlock block, bool inlineDynamicRounding)
    {
        var needs = FloatingPointNeeds.None;
        foreach (var d in block.Instructions)
        {
            if (IsFloatingPointCsrAccess(in d))
                needs |= FloatingPointNeeds.FpuOn;
            if (!IsFloatingPointOpcode(d.Opcode))
                continue;
            needs |= FloatingPointNeeds.FpuOn;
            if (d.Info.Has(InstructionFlags.HasRoundingMode) && d.Rm == RoundingModes.Dynamic)
                needs |= TakesNearestEvenInline(in d, inlineDynamicRounding)
                    ? FloatingPointNeeds.ValidFrm | FloatingPointNeeds.NearestEven : FloatingPointNeeds.ValidFrm;
        }
        return needs;
    }

    private static bool IsFloatingPointOpcode(Opcode op) =>
        op != Opcode.Invalid && InstructionTable.Get(op).Has(InstructionFlags.FloatingPoint);

    /// <summary>Whether rs1 is an x register (moves and conversions from integers, and the base of loads and stores).</summary>
    private static bool ReadsIntegerRs1(Opcode op) => op is
        Opcode.Flw or Opcode.Fld or Opcode.Fsw or Opcode.Fsd or Opcode.FmvWX or Opcode.FmvDX
        or Opcode.FcvtSW or Opcode.FcvtSWu or Opcode.FcvtSL or Opcode.FcvtSLu
        or Opcode.FcvtDW or Opcode.FcvtDWu or Opcode.FcvtDL or Opcode.FcvtDLu;

    /// <summary>Whether rd is an x register (moves and conversions to integers, comparisons, fclass); stores have none.</summary>
    private static bool WritesIntegerRd(Opcode op) => op is
        Opcode.FmvXW or Opcode.FmvXD or Opcode.FeqS or Opcode.FltS or Opcode.FleS or Opcode.FeqD or Opcode.FltD or Opcode.FleD
        or Opcode.FclassS or Opcode.FclassD or Opcode.FcvtWS or Opcode.FcvtWuS or Opcode.FcvtLS or Opcode.FcvtLuS
        or Opcode.FcvtWD or Opcode.FcvtWuD or Opcode.FcvtLD or Opcode.FcvtLuD;

    /// <summary>How many source registers (rs1, rs2, rs3) the instruction reads.</summary>
    private static int SourceCount(Opcode op) => op switch
    {
        Opcode.Flw or Opcode.Fld or Opcode.FmvXW or Opcode.FmvXD or Opcode.FmvWX or Opcode.FmvDX => 1,
        Opcode.Fsw or Opcode.Fsd or Opcode.FsgnjD or Opcode.FsgnjnD or Opcode.FsgnjxD => 2,
        _ => FloatingPointHelper(op).GetParameters().Count(p => p.ParameterType == typeof(ulong)),
    };

    /// <summary>Declares the locals an F/D instruction uses; false (and nothing declared) for any other instruction.</summary>
    private bool UseFloatingPoint(in DecodedInstruction d)
    {
        var op = d.Opcode;
        bool csrAccess = IsFloatingPointCsrAccess(in d);
        if (!IsFloatingPointOpcode(op) && !csrAccess)
            return false;
        if (_fpMode == null)
        {
            _floatBase = _il.DeclareLocal(typeof(ulong).MakeByRefType());
            _csrs = _il.DeclareLocal(typeof(CsrFile));
            _fpMode = _il.DeclareLocal(typeof(int));
            _fflags = _il.DeclareLocal(typeof(FloatFlags));
            _fpDirty = _il.DeclareLocal(typeof(int));
            _inexactKnown = _il.DeclareLocal(typeof(int));
        }
        if (csrAccess)
        {
            if (op is Opcode.Csrrw or Opcode.Csrrs or Opcode.Csrrc)
                Use(d.Rs1);
            if (d.Rd != 0)
            {
                Use(d.Rd);
                _written[d.Rd] = true;
            }
            return true;
        }
        int sources = SourceCount(op);
        if (ReadsIntegerRs1(op)) Use(d.Rs1); else UseFloat(d.Rs1);
        if (sources >= 2) UseFloat(d.Rs2);
        if (sources >= 3) UseFloat(d.Rs3);
        if (op is Opcode.Fsw or Opcode.Fsd)
            return true;
        if (WritesIntegerRd(op))
        {
            Use(d.Rd);
            if (d.Rd != 0)
                _written[d.Rd] = true;
        }
        else
        {
            UseFloat(d.Rd);
            _floatWritten[d.Rd] = true;
        }
        return true;
    }

    private void UseFloat(int register) => _floatRegisters[register] ??= _il.DeclareLocal(typeof(double));

    /// <summary>Loads the used f registers and the FP state (no code when the block has no F/D instruction).</summary>
    private void EmitFloatingPointPrologue()
    {
        if (_fpMode == null)
            return;
        LoadRuntime();
        _il.Emit(OpCodes.Ldfld, CsrsField);
        _il.Emit(OpCodes.Stloc, _csrs!);
        _il.Emit(OpCodes.Ldloc, _csrs!);
        _il.Emit(OpCodes.Ldfld, FrmField);
        _il.Emit(OpCodes.Stloc, _fpMode);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Stloc, _fflags!);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Stloc, _fpDirty!);
        _il.Emit(OpCodes.Ldloc, _csrs!);
        _il.Emit(OpCodes.Ldfld, FflagsField);
        _il.Emit(OpCodes.Ldc_I4, (int)FloatFlags.Inexact);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Stloc, _inexactKnown!);

        // A reference to f0 (one bounds check; the array has 32 elements), then each register at its offset.
        LoadRuntime();
        _il.Emit(OpCodes.Ldfld, FloatRegistersField);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Ldelema, typeof(ulong));
        _il.Emit(OpCodes.Stloc, _floatBase!);
        for (int r = 0; r < 32; r++)
        {
            if (_floatRegisters[r] is not { } local) continue;
            FloatRegisterAddress(r);
            _il.Emit(OpCodes.Ldind_R8);
            _il.Emit(OpCodes.Stloc, local);
        }
    }

    /// <summary>Pushes the address of f[<paramref name="register"/>] in HartState.F.</summary>
    private void FloatRegisterAddress(int register)
    {
        _il.Emit(OpCodes.Ldloc, _floatBase!);
        if (register != 0)
        {
            _il.Emit(OpCodes.Ldc_I4, register * sizeof(ulong));
            _il.Emit(OpCodes.Add);
        }
    }

    /// <summary>At the epilogue: stores the written f registers, ORs the raised flags into fflags, and sets FS = Dirty if anything was written or raised.</summary>
    private void EmitFloatingPointEpilogue()
    {
        if (_fpMode == null)
            return;
        for (int r = 0; r < 32; r++)
        {
            if (!_floatWritten[r]) continue;
            FloatRegisterAddress(r);
            _il.Emit(OpCodes.Ldloc, _floatRegisters[r]!);
            _il.Emit(OpCodes.Stind_R8);
        }
        var noFlags = _il.DefineLabel();
        var clean = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, _fflags!);
        _il.Emit(OpCodes.Brfalse, noFlags);
        _il.Emit(OpCodes.Ldloc, _csrs!);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Ldfld, FflagsField);
        _il.Emit(OpCodes.Ldloc, _fflags!);
        _il.Emit(OpCodes.Or);
        _il.Emit(OpCodes.Stfld, FflagsField);
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Stloc, _fpDirty!);
        _il.MarkLabel(noFlags);
        _il.Emit(OpCodes.Ldloc, _fpDirty!);
        _il.Emit(OpCodes.Brfalse, clean);
        _il.Emit(OpCodes.Ldloc, _csrs!);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Ldfld, MstatusField);
        _il.Emit(OpCodes.Ldc_I8, (long)MstatusBits.FsDirty);
        _il.Emit(OpCodes.Or);
        _il.Emit(OpCodes.Stfld, MstatusField);
        _il.MarkLabel(clean);
    }

    private bool TryEmitFloatingPoint(in DecodedInstruction d, int index)
    {
        var op = d.Opcode;
        if (!IsFloatingPointOpcode(op))
            return false;
        bool hasRm = d.Info.Has(InstructionFlags.HasRoundingMode);
        bool dynamic = hasRm && d.Rm == RoundingModes.Dynamic;
        if (hasRm && !dynamic && d.Rm > (uint)RoundingMode.NearestMaxMagnitude)
        {
            // A reserved static rounding mode: always illegal (FS is on, or the block would not run).
            ulong pc = _block.Pcs[index];
            LoadRuntime();
            _il.Emit(OpCodes.Ldc_I4, (int)ExceptionCause.IllegalInstruction);
            _il.Emit(OpCodes.Stfld, TrapCauseField);
            LoadRuntime();
            _il.Emit(OpCodes.Ldc_I8, (long)d.Raw);
            _il.Emit(OpCodes.Stfld, TrapValueField);
            ExitBefore(index, pc, BlockExitKind.Trap);
            return true;
        }

        switch (op)
        {
            case Opcode.Flw: FloatLoad(in d, index, 4); return true;
            case Opcode.Fld: FloatLoad(in d, index, 8); return true;
            case Opcode.Fsw: FloatStore(in d, index, 4); return true;
            case Opcode.Fsd: FloatStore(in d, index, 8); return true;
            case Opcode.FsgnjD:
            case Opcode.FsgnjnD:
            case Opcode.FsgnjxD:
                EmitDoubleSignInjection(in d);
                return true;
            case Opcode.FmvXD:
                LoadFloatRegister(d.Rs1);
                StoreRegister(d.Rd);
                return true;
            case Opcode.FmvXW:
                LoadFloatRegister(d.Rs1);
                _il.Emit(OpCodes.Conv_I4);
                _il.Emit(OpCodes.Conv_I8);
                StoreRegister(d.Rd);
                return true;
            case Opcode.FmvDX:
                LoadRegister(d.Rs1);
                StoreFloatRegister(d.Rd);
                return true;
            case Opcode.FmvWX:
                LoadRegister(d.Rs1);
                _il.Emit(OpCodes.Conv_U4);
                _il.Emit(OpCodes.Conv_U8);
                _il.Emit(OpCodes.Ldc_I8, unchecked((long)NanBoxUpper));
                _il.Emit(OpCodes.Or);
                StoreFloatRegister(d.Rd);
                return true;
        }

        if (TryEmitNearestEvenInline(in d, index) || TryEmitIntegerToDouble(in d) || TryEmitOrderedDoubles(in d)
            || TryEmitTruncationToInteger(in d) || TryEmitSingleExact(in d))
            return true;
        EmitHelperCallAndStore(in d);
        return true;
    }

    /// <summary>Calls the instruction's SoftFloat helper and stores its result in rd (an x or an f register).</summary>
    private void EmitHelperCallAndStore(in DecodedInstruction d)
    {
        EmitHelperCall(in d, d.Info.Has(InstructionFlags.HasRoundingMode) && d.Rm == RoundingModes.Dynamic, FloatingPointHelper(d.Opcode));
        if (WritesIntegerRd(d.Opcode))
            StoreRegister(d.Rd);
        else
            StoreFloatRegister(d.Rd);
    }

    /// <summary>Pushes the helper's arguments (sources, rounding mode, flags) and calls it; its result is on the stack.</summary>
    private void EmitHelperCall(in DecodedInstruction d, bool dynamic, MethodInfo helper)
    {
        var op = d.Opcode;
        var parameters = helper.GetParameters();
        for (int i = 0; i < parameters.Length && parameters[i].ParameterType == typeof(ulong); i++)
        {
            int register = i == 0 ? d.Rs1 : i == 1 ? d.Rs2 : d.Rs3;
            if (i == 0 && ReadsIntegerRs1(op))
                LoadRegister(register);
            else
                LoadFloatRegister(register);
        }
        foreach (var parameter in parameters)
        {
            if (parameter.ParameterType == typeof(int))
            {
                if (dynamic)
                    _il.Emit(OpCodes.Ldloc, _fpMode!);
                else
                    _il.Emit(OpCodes.Ldc_I4, (int)d.Rm);
            }
            else if (parameter.ParameterType.IsByRef)
            {
                _il.Emit(OpCodes.Ldloca, _fflags!);
            }
        }
        _il.Emit(OpCodes.Call, helper);
    }

    /// <summary>Pushes the 64 bits of an f register.</summary>
    private void LoadFloatRegister(int register)
    {
        _il.Emit(OpCodes.Ldloc, _floatRegisters[register]!);
        _il.Emit(OpCodes.Call, DoubleToBits);
    }

    /// <summary>Pops 64 bits on the stack into an f register (FS unchanged: see <see cref="StoreFloatRegister"/>).</summary>
    private void StoreFloatBits(int register)
    {
        _il.Emit(OpCodes.Call, BitsToDouble);
        _il.Emit(OpCodes.Stloc, _floatRegisters[register]!);
    }

    /// <summary>Pops 64 bits on the stack into an f register and notes that FS becomes Dirty.</summary>
    private void StoreFloatRegister(int register)
    {
        StoreFloatBits(register);
        MarkFloatDirty();
    }

    private void MarkFloatDirty()
    {
        // Once per basic block on the main path is enough: what follows the first mark in it runs only after it.
        if (_leaderEmitting >= 0 && _leaderEmitting == _leaderMarkedDirty)
            return;
        _leaderMarkedDirty = _leaderEmitting;
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Stloc, _fpDirty!);
    }

    /// <summary>
    /// fcvt.d.w, fcvt.d.wu, fcvt.d.l and fcvt.d.lu inline where the conversion is exact (every 32-bit value, 64-bit
    /// values of magnitude up to 2^53): then neither the rounding mode nor any flag is involved. Larger 64-bit values
    /// call SoftFloat out of line.
    /// </summary>
    private bool TryEmitIntegerToDouble(in DecodedInstruction d)
    {
        var op = d.Opcode;
        if (op is not (Opcode.FcvtDW or Opcode.FcvtDWu or Opcode.FcvtDL or Opcode.FcvtDLu))
            return false;
        const long ExactLimit = 1L << 53;
        var done = _il.DefineLabel();
        if (op is Opcode.FcvtDL or Opcode.FcvtDLu)
        {
            var helper = OutOfLineHelperCall(d, done);
            // In [-2^53, 2^53] (signed: rs1 + 2^53 at most 2^54 unsigned), or at most 2^53 unsigned.
            LoadRegister(d.Rs1);
            if (op == Opcode.FcvtDL)
            {
                _il.Emit(OpCodes.Ldc_I8, ExactLimit);
                _il.Emit(OpCodes.Add);
            }
            _il.Emit(OpCodes.Ldc_I8, op == Opcode.FcvtDL ? 2 * ExactLimit : ExactLimit);
            _il.Emit(OpCodes.Bgt_Un, helper);
        }
        LoadRegister(d.Rs1);
        switch (op)
        {
            case Opcode.FcvtDW: _il.Emit(OpCodes.Conv_I4); _il.Emit(OpCodes.Conv_R8); break;
            case Opcode.FcvtDWu: _il.Emit(OpCodes.Conv_U4); _il.Emit(OpCodes.Conv_R_Un); _il.Emit(OpCodes.Conv_R8); break;
            case Opcode.FcvtDL: _il.Emit(OpCodes.Conv_R8); break;
            default: _il.Emit(OpCodes.Conv_R_Un); _il.Emit(OpCodes.Conv_R8); break;
        }
        _il.Emit(OpCodes.Stloc, _floatRegisters[d.Rd]!);
        MarkFloatDirty();
        _il.MarkLabel(done);
        return true;
    }

    private static readonly MethodInfo Minimum = typeof(Math).GetMethod(nameof(Math.Min), new[] { typeof(double), typeof(double) })!;
    private static readonly MethodInfo Maximum = typeof(Math).GetMethod(nameof(Math.Max), new[] { typeof(double), typeof(double) })!;

    /// <summary>
    /// feq.d, flt.d, fle.d, fmin.d and fmax.d inline when neither operand is a NaN: then nothing is raised, +0 equals
    /// -0 as in IEEE, and .NET's Math.Min and Math.Max order -0 below +0 as RISC-V does. A NaN operand calls SoftFloat
    /// out of line (NV as each instruction requires; the other operand or the canonical NaN for fmin and fmax).
    /// </summary>
    private bool TryEmitOrderedDoubles(in DecodedInstruction d)
    {
        var op = d.Opcode;
        if (op is not (Opcode.FeqD or Opcode.FltD or Opcode.FleD or Opcode.FminD or Opcode.FmaxD))
            return false;
        var done = _il.DefineLabel();
        var helper = OutOfLineHelperCall(d, done);
        var x = _floatRegisters[d.Rs1]!;
        var y = _floatRegisters[d.Rs2]!;
        BranchIfNaN(x, helper);
        BranchIfNaN(y, helper);
        if (op is Opcode.FminD or Opcode.FmaxD)
        {
            _il.Emit(OpCodes.Ldloc, x);
            _il.Emit(OpCodes.Ldloc, y);
            _il.Emit(OpCodes.Call, op == Opcode.FminD ? Minimum : Maximum);
            _il.Emit(OpCodes.Stloc, _floatRegisters[d.Rd]!);
            MarkFloatDirty();
        }
        else
        {
            EmitOrderedComparison(op, x, y);
            StoreRegister(d.Rd);
        }
        _il.MarkLabel(done);
        return true;
    }

    /// <summary>Pushes the result of feq.d, flt.d or fle.d (<paramref name="op"/>) for two doubles neither of which is a NaN.</summary>
    private void EmitOrderedComparison(Opcode op, LocalBuilder x, LocalBuilder y)
    {
        _il.Emit(OpCodes.Ldloc, x);
        _il.Emit(OpCodes.Ldloc, y);
        if (op == Opcode.FleD)
        {
            // x <= y is !(x > y) for ordered operands.
            _il.Emit(OpCodes.Cgt);
            _il.Emit(OpCodes.Ldc_I4_1);
            _il.Emit(OpCodes.Xor);
        }
        else
            _il.Emit(op == Opcode.FeqD ? OpCodes.Ceq : OpCodes.Clt);
        _il.Emit(OpCodes.Conv_U8);
    }

    /// <summary>
    /// fcvt.w.d and fcvt.l.d with rtz (C's casts) inline when the operand truncates into range: .NET's conversion
    /// truncates too, and the result is inexact (NX) unless it converts back to the operand. NaNs, infinities and
    /// values out of range call SoftFloat out of line (NV and the saturated result).
    /// </summary>
    private bool TryEmitTruncationToInteger(in DecodedInstruction d)
    {
        var op = d.Opcode;
        if (op is not (Opcode.FcvtWD or Opcode.FcvtLD) || d.Rm != (byte)RoundingMode.TowardZero)
            return false;
        var done = _il.DefineLabel();
        var helper = OutOfLineHelperCall(d, done);
        var x = _floatRegisters[d.Rs1]!;
        // In range, the truncated value fits: -2^31 - 1 < x < 2^31, or -2^63 < x < 2^63 (-2^63 itself, which fits, takes
        // the helper); NaN fails the first test.
        double limit = op == Opcode.FcvtWD ? 2147483648.0 : 9223372036854775808.0;
        _il.Emit(OpCodes.Ldloc, x);
        _il.Emit(OpCodes.Ldc_R8, op == Opcode.FcvtWD ? -2147483649.0 : -limit);
        _il.Emit(OpCodes.Ble_Un, helper); // at or below the lower bound, or NaN
        _il.Emit(OpCodes.Ldloc, x);
        _il.Emit(OpCodes.Ldc_R8, limit);
        _il.Emit(OpCodes.Bge_Un, helper);
        var truncated = _truncated ??= _il.DeclareLocal(typeof(long));
        _il.Emit(OpCodes.Ldloc, x);
        if (op == Opcode.FcvtWD)
            _il.Emit(OpCodes.Conv_I4); // then sign-extended
        _il.Emit(OpCodes.Conv_I8);
        _il.Emit(OpCodes.Stloc, truncated);
        var exact = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, truncated);
        _il.Emit(OpCodes.Conv_R8);
        _il.Emit(OpCodes.Ldloc, x);
        _il.Emit(OpCodes.Beq, exact);
        RaiseInexact();
        _il.MarkLabel(exact);
        _il.Emit(OpCodes.Ldloc, truncated);
        StoreRegister(d.Rd);
        _il.MarkLabel(done);
        return true;
    }

    /// <summary>
    /// The instruction's SoftFloat helper out of line (the slow side of an inline path): stores its result, runs
    /// <paramref name="then"/> if given, and goes on to <paramref name="done"/>.
    /// </summary>
    private Label OutOfLineHelperCall(DecodedInstruction d, Label done, Action? then = null) => OutOfLine(() =>
    {
        EmitHelperCallAndStore(in d);
        then?.Invoke();
        _il.Emit(OpCodes.Br, done);
    });

    /// <summary>fsgnj.d, fsgnjn.d, fsgnjx.d (fmv.d, fneg.d, fabs.d): bit operations on the whole register.</summary>
    private void EmitDoubleSignInjection(in DecodedInstruction d)
    {
        if (d.Opcode == Opcode.FsgnjxD)
        {
            LoadFloatRegister(d.Rs1);
            LoadFloatRegister(d.Rs2);
            _il.Emit(OpCodes.Ldc_I8, unchecked((long)DoubleSign));
            _il.Emit(OpCodes.And);
            _il.Emit(OpCodes.Xor);
        }
        else
        {
            LoadFloatRegister(d.Rs1);
            _il.Emit(OpCodes.Ldc_I8, unchecked((long)~DoubleSign));
            _il.Emit(OpCodes.And);
            LoadFloatRegister(d.Rs2);
            if (d.Opcode == Opcode.FsgnjnD)
                _il.Emit(OpCodes.Not);
            _il.Emit(OpCodes.Ldc_I8, unchecked((long)DoubleSign));
            _il.Emit(OpCodes.And);
            _il.Emit(OpCodes.Or);
        }
        StoreFloatRegister(d.Rd);
    }

}

/// <summary>What a compiled block's F/D code assumes of the hart, checked by the dispatcher before it runs the block.</summary>
[Flags]
internal enum FloatingPointNeeds : byte
{
    None = 0,

    /// <summary>mstatus.FS is not Off.</summary>
    FpuOn = 1,

    /// <summary>frm holds a valid rounding mode (0..4).</summary>
    ValidFrm = 2,

    /// <summary>frm is RNE (0), which the inline arithmetic assumes for the dynamic rounding mode; always with <see cref="ValidFrm"/>.</summary>
    NearestEven = 4,
}
