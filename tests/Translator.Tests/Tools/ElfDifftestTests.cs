using Translator.Loading;
using Translator.Machines;
using Translator.Testing;
using Translator.Tools.Difftest;
using Xunit;

namespace Translator.Tests.Tools;

/// <summary>The lockstep difftest on real guest programs: devices, traps, paging, HTIF and self-modifying code.</summary>
public sealed class ElfDifftestTests
{
    public static TheoryData<string> Programs() =>
        new("tests/self_modifying.elf", "tests/interrupts.elf", "tests/paging.elf", "tests/integer-htif.elf", "priv/traps.elf", "kernel/kernel-walk.elf");

    [Theory]
    [MemberData(nameof(Programs))]
    public void GuestRunsInLockstepWithoutDivergence(string program)
    {
        var machines = Build(program, EnginePair.Default, decorator: null);
        var lockstep = new Lockstep(machines.Reference, machines.Subject, machines.Recorder, new LockstepOptions { FullSweepInterval = 1 << 20 });
        var divergence = lockstep.Run(200_000_000);
        Assert.True(divergence == null, divergence == null ? "" : DivergenceReport.Format(divergence));
        Assert.True(lockstep.Finished);
        Assert.Equal(0, machines.Subject.Bus.Stop.ExitCode);
        Assert.Equal(0, machines.Reference.Bus.Stop.ExitCode);
    }

    [Fact]
    public void InjectedFaultInAGuestIsReportedAtItsInstruction()
    {
        const ulong AtRetired = 20_000;
        var engines = new EnginePair(EngineKind.Interpreter, EngineKind.Interpreter);
        var machines = Build("tests/paging.elf", engines, engine => new FaultInjectingEngine(engine, AtRetired, e => e.Hart.X[31] ^= 1));
        var divergence = new Lockstep(machines.Reference, machines.Subject, machines.Recorder, new LockstepOptions()).Run();

        Assert.NotNull(divergence);
        int step = Assert.IsType<int>(divergence.FirstDifferingStep);
        int retired = ArchitecturalState.Names.ToList().IndexOf("retired-since-reset");
        Assert.Equal(AtRetired, divergence.Reference[retired]);
        Assert.Equal(new List<int> { 31 }, ArchitecturalState.Differences(divergence.Reference, divergence.Subject));

        // The same instruction on a plain machine: the one whose retirement made the count reach AtRetired.
        var plain = new SystemMachine(new SystemMachineOptions(), ElfImage.Load(Path.Combine(GuestBuild.EnsureBuilt(), "tests/paging.elf")));
        while (plain.Hart.RetiredSinceReset < AtRetired - 1)
            plain.RunSlice(AtRetired - 1 - plain.Hart.RetiredSinceReset);
        Assert.Equal(plain.Hart.Pc, divergence.Block[step].Pc);
    }

    private static LockstepMachines Build(string program, EnginePair engines, Func<Translator.Engines.ExecutionEngine, Translator.Engines.ExecutionEngine>? decorator)
    {
        var image = ElfImage.Load(Path.Combine(GuestBuild.EnsureBuilt(), program));
        return LockstepMachines.FromElf(new SystemMachineOptions { EngineDecorator = decorator }, image, engines);
    }
}
