using Translator.Engines;
using Translator.Engines.Translation;

namespace Translator.Tests.Engines.Translation;

/// <summary>
/// A <see cref="GuestRig"/> (the wrapped snippet, RAM, hart and MMU) run by a <see cref="TranslatorEngine"/> instead of
/// its interpreter, plus the comparison of a translator run with an interpreter run of the same snippet.
/// </summary>
internal sealed class TranslatorRig
{
    public TranslatorRig(string snippet, int jitThreshold = 0, int capacity = TranslatorEngine.DefaultCapacity, bool wrap = true,
        bool compileInBackground = false, bool openPmp = true)
    {
        Guest = new GuestRig(snippet, wrap, openPmp);
        Engine = new TranslatorEngine(Guest.Hart, Guest.Mmu, () => 12345, jitThreshold, capacity, compileInBackground);
    }

    public GuestRig Guest { get; }
    public TranslatorEngine Engine { get; }

    /// <summary>Runs until the hart sits at <c>__halt</c>, in runs of <paramref name="slice"/> instructions.</summary>
    public TranslatorRig Run(long maxInstructions = 1_000_000, long slice = 1000)
    {
        RunInSlices(Engine, Guest, slice, maxInstructions);
        if (Guest.Hart.Pc != Guest.Halt && !Guest.Bus.Stop.Requested)
            throw new InvalidOperationException($"did not reach __halt within {maxInstructions} instructions; pc=0x{Guest.Hart.Pc:x}");
        return this;
    }

    /// <summary>Runs the snippet under the interpreter and under the translator and asserts identical architectural state.</summary>
    public static TranslatorRig AssertMatchesInterpreter(string snippet, int jitThreshold = 0, long slice = 1000, Action<GuestRig>? setup = null,
        bool compileInBackground = false, bool openPmp = true)
    {
        var reference = new GuestRig(snippet, openPmp: openPmp);
        setup?.Invoke(reference);
        RunInSlices(reference.Engine, reference, slice);
        var translated = new TranslatorRig(snippet, jitThreshold, compileInBackground: compileInBackground, openPmp: openPmp);
        setup?.Invoke(translated.Guest);
        translated.Run(slice: slice);
        AssertSameState(reference, translated.Guest);
        return translated;
    }

    /// <summary>Runs <paramref name="engine"/> on the rig's hart in runs of <paramref name="slice"/> until __halt, so both engines see the same budgets.</summary>
    public static void RunInSlices(ExecutionEngine engine, GuestRig rig, long slice, long maxInstructions = 1_000_000)
    {
        long total = 0;
        while (rig.Hart.Pc != rig.Halt && total < maxInstructions)
        {
            if (engine.Run(slice) == StopReason.MachineStopRequested) break;
            total += engine.LastRunExecuted;
        }
    }

    public static void AssertSameState(GuestRig expected, GuestRig actual)
    {
        for (int r = 0; r < 32; r++)
            Xunit.Assert.True(expected.Hart.X[r] == actual.Hart.X[r], $"x{r}: interpreter 0x{expected.Hart.X[r]:x}, translator 0x{actual.Hart.X[r]:x}");
        for (int r = 0; r < 32; r++)
            Xunit.Assert.True(expected.Hart.F[r] == actual.Hart.F[r], $"f{r}: interpreter 0x{expected.Hart.F[r]:x}, translator 0x{actual.Hart.F[r]:x}");
        Xunit.Assert.Equal(expected.Hart.Pc, actual.Hart.Pc);
        Xunit.Assert.Equal(expected.Hart.Privilege, actual.Hart.Privilege);
        Xunit.Assert.Equal(expected.Hart.InstructionsRetired, actual.Hart.InstructionsRetired);
        Xunit.Assert.Equal(expected.Hart.Cycles, actual.Hart.Cycles);
        Xunit.Assert.Equal(expected.Hart.RetiredSinceReset, actual.Hart.RetiredSinceReset);
        Xunit.Assert.Equal(expected.Hart.Csrs.Mstatus, actual.Hart.Csrs.Mstatus);
        Xunit.Assert.Equal(expected.Hart.Csrs.Fflags, actual.Hart.Csrs.Fflags);
        Xunit.Assert.Equal(expected.Hart.Csrs.Mepc, actual.Hart.Csrs.Mepc);
        Xunit.Assert.Equal(expected.Hart.Csrs.Mcause, actual.Hart.Csrs.Mcause);
        Xunit.Assert.Equal(expected.Hart.Csrs.Mtval, actual.Hart.Csrs.Mtval);
        Xunit.Assert.True(expected.Ram.Span.SequenceEqual(actual.Ram.Span), "RAM differs");
    }
}
