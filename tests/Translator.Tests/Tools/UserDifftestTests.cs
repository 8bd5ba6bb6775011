using Translator.Engines;
using Translator.Engines.Translation;
using Translator.Loading;
using Translator.Machines;
using Translator.Memory;
using Translator.Tests.UserMode;
using Translator.Tools.Difftest;
using Translator.UserMode;
using Xunit;

namespace Translator.Tests.Tools;

/// <summary>
/// The lockstep difftest in user mode: a Linux program under the interpreter and the translator, with each
/// syscall run by the subject and handed to the reference. Faults are injected into the subject's engine.
/// </summary>
public sealed class UserDifftestTests
{
    // The first load segment of a static program starts with the ELF header, which nothing reads after startup.
    private const ulong ElfHeaderPadding = 0x10009;

    [Fact]
    public void AgreeingRunTranslatesAndEndsAsTheProgramDoes()
    {
        var machines = Build("printf_floats", EnginePair.Default, decorator: null);
        var lockstep = new Lockstep(machines.Reference, machines.Subject, machines.Recorder, new LockstepOptions(), machines.Host);
        var divergence = lockstep.Run();

        Assert.True(divergence == null, divergence == null ? "" : DivergenceReport.Format(divergence));
        Assert.True(lockstep.Finished);
        Assert.Equal(0, machines.Subject.Process.Exit!.Status);
        Assert.Equal(machines.Subject.Process.Exit, machines.Reference.Process.Exit);
        Assert.True(((TranslatorEngine)machines.Subject.Engine).Statistics.TranslatedInstructions > 0);
    }

    [Fact]
    public void InjectedRegisterFaultIsReportedAtItsInstruction()
    {
        const ulong AtRetired = 20_000;
        const int Register = 31;
        var machines = Build("printf_ints", EnginePair.Default, engine => new FaultInjectingEngine(engine, AtRetired, e => e.Hart.X[Register] ^= 1));
        var divergence = new Lockstep(machines.Reference, machines.Subject, machines.Recorder, new LockstepOptions(), machines.Host).Run();

        Assert.NotNull(divergence);
        Assert.Equal("architectural state differs", divergence.Summary);
        int step = Assert.IsType<int>(divergence.FirstDifferingStep);
        int retired = ArchitecturalState.Names.ToList().IndexOf("retired-since-reset");
        Assert.Equal(AtRetired, divergence.Reference[retired]);
        Assert.Equal(new List<int> { Register }, ArchitecturalState.Differences(divergence.Reference, divergence.Subject));
        Assert.Equal(PcOfInstruction("printf_ints", AtRetired), divergence.Block[step].Pc);

        string report = DivergenceReport.Format(divergence);
        Assert.Contains("x31/t6", report.Split('\n').Single(l => l.Contains("<<") && l.Contains("x31/")));
        Assert.Contains(">> " + DivergenceReport.FormatInstruction(divergence.Block[step]), report);
    }

    [Fact]
    public void StrayStoreIsCaughtBeforeASyscallHandsMemoryOver()
    {
        // A store only the subject makes, to a page the reference never writes: the comparison of all RAM in use
        // before the next syscall must report it, not hand it to the reference with the syscall's own changes.
        ulong physical = 0;
        var machines = Build("printf_ints", EnginePair.Default, engine => new FaultInjectingEngine(engine, 20_000, e =>
        {
            Assert.True(e.Mmu.TryTranslate(ElfHeaderPadding, AccessKind.Read, out physical));
            e.Mmu.Bus.Ram.Write(physical, 1, e.Mmu.Bus.Ram.Read(physical, 1) ^ 0xFF);
        }));
        var divergence = new Lockstep(machines.Reference, machines.Subject, machines.Recorder, new LockstepOptions(), machines.Host).Run();

        Assert.NotNull(divergence);
        Assert.Contains("full sweep", divergence.Summary);
        var difference = Assert.Single(divergence.Memory);
        Assert.Equal(physical, difference.Address);
        Assert.Equal(difference.Reference[0] ^ 0xFF, difference.Subject[0]);
        Assert.False(machines.Subject.Ended);
    }

    private static UserLockstepMachines Build(string program, EnginePair engines, Func<ExecutionEngine, ExecutionEngine>? decorator) =>
        UserLockstepMachines.Build(Options(program) with { EngineDecorator = decorator }, ElfImage.Load(UserModeRun.Program(program)), engines);

    private static UserMachineOptions Options(string program) => new()
    {
        Arguments = [program],
        RootDirectory = UserModeRun.FreshDirectory(),
        WorkingDirectory = null,
    };

    // The pc of the instruction whose retirement makes the count reach n, on a plain interpreter run.
    private static ulong PcOfInstruction(string program, ulong n)
    {
        var machine = new UserMachine(Options(program) with { HostTime = false }, ElfImage.Load(UserModeRun.Program(program)));
        while (machine.Hart.RetiredSinceReset < n - 1)
        {
            machine.RunSlice(n - 1 - machine.Hart.RetiredSinceReset);
            machine.HandlePendingException();
        }
        return machine.Hart.Pc;
    }
}
