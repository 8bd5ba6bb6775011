using Translator.Machines;
using Translator.Tools.Difftest;
using Translator.Tools.Fuzzing;
using Xunit;

namespace Translator.Tests.Tools;

/// <summary>The lockstep difftest catches injected divergences and points at the instruction that caused them.</summary>
public sealed class DifftestTests
{
    private static readonly EnginePair InterpreterTwice = new(EngineKind.Interpreter, EngineKind.Interpreter);
    private const ulong Seed = 11;

    [Theory]
    [InlineData(1UL)]
    [InlineData(57UL)]
    [InlineData(300UL)]
    public void CorruptedRegisterIsReportedAtTheInstructionThatRetiredIt(ulong atRetired)
    {
        const int Register = 9;
        var summary = RunWithFault(atRetired, engine => engine.Hart.X[Register] ^= 0x40);

        var divergence = Assert.IsType<FuzzFailure>(summary.Failure).Divergence;
        Assert.Equal("architectural state differs", divergence.Summary);
        int step = Assert.IsType<int>(divergence.FirstDifferingStep);
        Assert.Equal(PcOfInstruction(atRetired), divergence.Block[step].Pc);
        Assert.Equal(atRetired, divergence.AgreedInstructions + (ulong)step + 1);
        Assert.Equal(divergence.Reference[Register] ^ 0x40, divergence.Subject[Register]);
        Assert.Equal(new List<int> { Register }, ArchitecturalState.Differences(divergence.Reference, divergence.Subject));

        string report = DivergenceReport.Format(divergence);
        Assert.Contains("x9/s1", report.Split('\n').Single(l => l.Contains("<<") && l.Contains("x9/")));
        Assert.Contains(">> " + DivergenceReport.FormatInstruction(divergence.Block[step]), report);
    }

    [Fact]
    public void CorruptedCsrIsReported()
    {
        var summary = RunWithFault(120, engine => engine.Hart.Csrs.Fflags ^= 1);
        var divergence = Assert.IsType<FuzzFailure>(summary.Failure).Divergence;
        int field = Assert.Single(ArchitecturalState.Differences(divergence.Reference, divergence.Subject));
        Assert.Equal("fflags", ArchitecturalState.Name(field));
        Assert.Equal(PcOfInstruction(120), divergence.Block[Assert.IsType<int>(divergence.FirstDifferingStep)].Pc);
    }

    [Fact]
    public void CorruptedDataIsReportedWithTheDifferingBytes()
    {
        const ulong Address = FuzzLayout.DataBase + 0x123;
        var summary = RunWithFault(200, engine => engine.Mmu.Bus.Ram.Write(Address, 1, engine.Mmu.Bus.Ram.Read(Address, 1) ^ 0xFF));
        var divergence = Assert.IsType<FuzzFailure>(summary.Failure).Divergence;
        Assert.Equal("memory differs", divergence.Summary);
        Assert.Equal(PcOfInstruction(200), divergence.Block[Assert.IsType<int>(divergence.FirstDifferingStep)].Pc);
        var difference = Assert.Single(divergence.Memory);
        Assert.Equal(Address, difference.Address);
        Assert.Equal(difference.Reference[0] ^ 0xFF, difference.Subject[0]);
    }

    [Fact]
    public void StoreOutsideTheComparedPagesIsCaughtByTheFullSweep()
    {
        const ulong Address = FuzzLayout.CodeBase + (1UL << 20); // a page neither machine's program touches
        var summary = RunWithFault(150, engine => engine.Mmu.Bus.Ram.Write(Address, 8, 0xDEAD_BEEF));
        var divergence = Assert.IsType<FuzzFailure>(summary.Failure).Divergence;
        Assert.Contains("full sweep", divergence.Summary);
        Assert.Equal(Address, Assert.Single(divergence.Memory).Address);
    }

    [Fact]
    public void AgreeingEnginesRunToTheEnd()
    {
        var summary = Fuzzer.Run(new FuzzOptions { Seed = Seed, Count = 3, Engines = InterpreterTwice });
        Assert.Null(summary.Failure);
        Assert.Equal(3, summary.Programs);
        Assert.Equal(0, summary.Trapped + summary.Unfinished);
    }

    [Fact]
    public void FuzzReportNamesTheSeedAndProgram()
    {
        var summary = RunWithFault(10, engine => engine.Hart.X[1]++);
        var options = new FuzzOptions { Seed = Seed, Engines = InterpreterTwice };
        string report = FuzzReport.Format(summary.Failure!, options);
        Assert.Contains($"rvt fuzz --seed {Seed} --first 0 --count 1", report);
        Assert.Contains("DIVERGENCE", report);
        Assert.Contains("initial state", report);
    }

    private static FuzzSummary RunWithFault(ulong atRetired, Action<Translator.Engines.ExecutionEngine> fault) =>
        Fuzzer.Run(new FuzzOptions
        {
            Seed = Seed,
            Count = 1,
            Engines = InterpreterTwice,
            SubjectDecorator = engine => new FaultInjectingEngine(engine, atRetired, fault),
        });

    // The pc of the instruction whose retirement makes the count reach n, found on a plain machine.
    private static ulong PcOfInstruction(ulong n)
    {
        var program = ProgramGenerator.Generate(Seed, 0, new FuzzOptions().Length);
        var machine = new SystemMachine(new SystemMachineOptions { MemorySize = FuzzLayout.MemorySize }, FuzzLayout.CodeBase, program.Segments());
        program.ApplyInitialState(machine);
        while (machine.Hart.RetiredSinceReset < n - 1)
            machine.RunSlice(1);
        return machine.Hart.Pc;
    }
}
