using System.Reflection;
using System.Reflection.Emit;
using Translator.Memory;

namespace Translator.Engines.Translation;

// Going on into the next region without the dispatcher. At a direct or indirect exit, after the registers are stored,
// the region looks its exit pc up in BlockRuntime.Chains and, when the entry there is current (its tag), the allowance
// covers the next region, the hart's FP state is what the next region assumes, and no stop is asked for, it does what
// the dispatcher would (allowance, retired count, the entry's counters) and tail-calls the next region's code. The
// dispatcher sees one call that retired the chain's instructions and ended with the last region's exit. A return
// through the dispatcher cost about as much as the code of a short region.
internal sealed partial class BlockTranslator
{
    private static readonly FieldInfo ChainsField = typeof(BlockRuntime).GetField(nameof(BlockRuntime.Chains))!;
    private static readonly FieldInfo ChainTagField = typeof(BlockRuntime).GetField(nameof(BlockRuntime.ChainTag))!;
    private static readonly FieldInfo ChainedRetiredField = typeof(BlockRuntime).GetField(nameof(BlockRuntime.ChainedRetired))!;
    private static readonly FieldInfo LastChainedField = typeof(BlockRuntime).GetField(nameof(BlockRuntime.LastChained))!;
    private static readonly FieldInfo StopField = typeof(BlockRuntime).GetField(nameof(BlockRuntime.Stop))!;
    private static readonly FieldInfo StopRequestedField = typeof(MachineStop).GetField(nameof(MachineStop.Requested))!;
    private static readonly FieldInfo EntryPcField = typeof(ChainEntry).GetField(nameof(ChainEntry.Pc))!;
    private static readonly FieldInfo EntryTagField = typeof(ChainEntry).GetField(nameof(ChainEntry.Tag))!;
    private static readonly FieldInfo EntryCodeField = typeof(ChainEntry).GetField(nameof(ChainEntry.Code))!;
    private static readonly FieldInfo EntryContextField = typeof(ChainEntry).GetField(nameof(ChainEntry.Context))!;
    private static readonly FieldInfo EntryCountField = typeof(ChainEntry).GetField(nameof(ChainEntry.Count))!;
    private static readonly FieldInfo EntryFloatingPointField = typeof(ChainEntry).GetField(nameof(ChainEntry.FloatingPoint))!;
    private static readonly FieldInfo ChainedEntriesField = typeof(BlockContext).GetField(nameof(BlockContext.ChainedEntries))!;
    private static readonly FieldInfo ContextChainedRetiredField = typeof(BlockContext).GetField(nameof(BlockContext.ChainedRetired))!;
    private static readonly FieldInfo ChainedExitsField = typeof(BlockContext).GetField(nameof(BlockContext.ChainedExits))!;
    private static readonly MethodInfo InvokeCode = typeof(BlockCode).GetMethod(nameof(BlockCode.Invoke))!;

    /// <summary>The end of the epilogue: on into the next region when it may (see above), else return _result.</summary>
    private void EmitChainOrReturn()
    {
        var unchained = _il.DefineLabel();
        var runtime = _il.DeclareLocal(typeof(BlockRuntime));
        var entry = _il.DeclareLocal(typeof(ChainEntry).MakeByRefType());

        // Direct (0) and Indirect (1) only: the others leave the hart's context or the instruction to the dispatcher.
        _il.Emit(OpCodes.Ldloc, _result);
        _il.Emit(OpCodes.Ldc_I8, BlockResult.Encode(BlockExitKind.Indirect + 1));
        _il.Emit(OpCodes.Bge_Un, unchained);
        LoadRuntime();
        _il.Emit(OpCodes.Stloc, runtime);
        _il.Emit(OpCodes.Ldloc, runtime);
        _il.Emit(OpCodes.Ldfld, PcField);
        _il.Emit(OpCodes.Stloc, _address);

        // entry = ref Chains[ChainSlot(pc)]; it must be for this pc and current.
        _il.Emit(OpCodes.Ldloc, runtime);
        _il.Emit(OpCodes.Ldfld, ChainsField);
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Shr_Un);
        _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Ldc_I4, (1 << BlockRuntime.ChainBits) - 1);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, _jump);
        _il.Emit(OpCodes.Ldelema, typeof(ChainEntry));
        _il.Emit(OpCodes.Stloc, entry);
        _il.Emit(OpCodes.Ldloc, entry);
        _il.Emit(OpCodes.Ldfld, EntryPcField);
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Bne_Un, unchained);
        _il.Emit(OpCodes.Ldloc, entry);
        _il.Emit(OpCodes.Ldfld, EntryTagField);
        _il.Emit(OpCodes.Ldloc, runtime);
        _il.Emit(OpCodes.Ldfld, ChainTagField);
        _il.Emit(OpCodes.Bne_Un, unchained);

        // The allowance left after this region must cover the next one, as the dispatcher requires.
        _il.Emit(OpCodes.Ldloc, _result);
        _il.Emit(OpCodes.Ldc_I8, BlockResult.RetiredMask);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Stloc, _retired);
        _il.Emit(OpCodes.Ldloc, runtime);
        _il.Emit(OpCodes.Ldfld, AllowanceField);
        _il.Emit(OpCodes.Ldloc, _retired);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Stloc, _lastCheckAt);
        _il.Emit(OpCodes.Ldloc, _lastCheckAt);
        _il.Emit(OpCodes.Ldloc, entry);
        _il.Emit(OpCodes.Ldfld, EntryCountField);
        _il.Emit(OpCodes.Blt, unchained);

        BranchUnlessFloatingPointReady(entry, unchained);
        _il.Emit(OpCodes.Ldloc, runtime);
        _il.Emit(OpCodes.Ldfld, StopField);
        _il.Emit(OpCodes.Volatile);
        _il.Emit(OpCodes.Ldfld, StopRequestedField);
        _il.Emit(OpCodes.Brtrue, unchained);

        // Committed: account as the dispatcher would, then enter the next region.
        _il.Emit(OpCodes.Ldloc, runtime);
        _il.Emit(OpCodes.Ldloc, _lastCheckAt);
        _il.Emit(OpCodes.Stfld, AllowanceField);
        AddToField(() => _il.Emit(OpCodes.Ldloc, runtime), ChainedRetiredField, () => _il.Emit(OpCodes.Ldloc, _retired));
        _il.Emit(OpCodes.Ldloc, runtime);
        _il.Emit(OpCodes.Ldloc, _jump);
        _il.Emit(OpCodes.Stfld, LastChainedField);
        AddToField(() => _il.Emit(OpCodes.Ldarg_0), ContextChainedRetiredField, () => _il.Emit(OpCodes.Ldloc, _retired));
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, ChainedExitsField);
        _il.Emit(OpCodes.Ldloc, _result);
        _il.Emit(OpCodes.Ldc_I4, BlockResult.KindShift);
        _il.Emit(OpCodes.Shr_Un);
        _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Ldelema, typeof(long));
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Ldind_I8);
        _il.Emit(OpCodes.Ldc_I8, 1L);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stind_I8);
        AddToField(() =>
        {
            _il.Emit(OpCodes.Ldloc, entry);
            _il.Emit(OpCodes.Ldfld, EntryContextField);
        }, ChainedEntriesField, () => _il.Emit(OpCodes.Ldc_I8, 1L));

        _il.Emit(OpCodes.Ldloc, entry);
        _il.Emit(OpCodes.Ldfld, EntryCodeField);
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Tailcall);
        _il.Emit(OpCodes.Callvirt, InvokeCode);
        _il.Emit(OpCodes.Ret);

        _il.MarkLabel(unchained);
        _il.Emit(OpCodes.Ldloc, _result);
        _il.Emit(OpCodes.Ret);
    }

    /// <summary>
    /// Branches to <paramref name="unready"/> when the hart's FP state does not give the region at <paramref name="entry"/>
    /// what it assumes (<see cref="TranslatedBlock.FloatingPointReady"/>); only what this region does not assume itself
    /// is checked, as its running proves that (compiled code neither turns FS off nor writes frm).
    /// </summary>
    private void BranchUnlessFloatingPointReady(LocalBuilder entry, Label unready)
    {
        var assumed = _floatingPointNeeds;
        if (assumed == (FloatingPointNeeds.FpuOn | FloatingPointNeeds.ValidFrm | FloatingPointNeeds.NearestEven))
            return;
        var ready = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, entry);
        _il.Emit(OpCodes.Ldfld, EntryFloatingPointField);
        _il.Emit(OpCodes.Ldc_I4, ~(int)assumed);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, _exitAt);
        _il.Emit(OpCodes.Brfalse, ready);
        // Any need includes FpuOn: FS must not be Off.
        LoadRuntime();
        _il.Emit(OpCodes.Ldfld, CsrsField);
        _il.Emit(OpCodes.Ldfld, MstatusField);
        _il.Emit(OpCodes.Ldc_I8, (long)Hart.MstatusBits.Fs);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Brfalse, unready);
        _il.Emit(OpCodes.Ldloc, _exitAt);
        _il.Emit(OpCodes.Ldc_I4, (int)(FloatingPointNeeds.ValidFrm | FloatingPointNeeds.NearestEven));
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Brfalse, ready);
        // frm on the stack: RNE (0) if the region needs that, else any valid mode.
        var anyValid = _il.DefineLabel();
        LoadRuntime();
        _il.Emit(OpCodes.Ldfld, CsrsField);
        _il.Emit(OpCodes.Ldfld, FrmField);
        _il.Emit(OpCodes.Ldloc, _exitAt);
        _il.Emit(OpCodes.Ldc_I4, (int)FloatingPointNeeds.NearestEven);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Brfalse, anyValid);
        _il.Emit(OpCodes.Brtrue, unready);
        _il.Emit(OpCodes.Br, ready);
        _il.MarkLabel(anyValid);
        _il.Emit(OpCodes.Ldc_I4, (int)SoftFloat.RoundingMode.NearestMaxMagnitude);
        _il.Emit(OpCodes.Bgt_Un, unready);
        _il.MarkLabel(ready);
    }

    /// <summary>Adds the long <paramref name="pushAmount"/> pushes to <paramref name="field"/> of the object <paramref name="pushOwner"/> pushes.</summary>
    private void AddToField(Action pushOwner, FieldInfo field, Action pushAmount)
    {
        pushOwner();
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Ldfld, field);
        pushAmount();
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stfld, field);
    }
}
