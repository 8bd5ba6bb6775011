using Translator.Devices;
using Translator.Loading;
using Translator.Machines;
using Translator.Memory;

namespace Translator.Tools.Difftest;

/// <summary>The reference and subject machines of a lockstep run, built from one image, and the reference's write recorder.</summary>
/// <param name="Reference">The machine running the reference engine.</param>
/// <param name="Subject">The machine running the engine under test.</param>
/// <param name="Recorder">Records the pages the reference writes.</param>
public sealed record LockstepMachines(SystemMachine Reference, SystemMachine Subject, RamWriteRecorder Recorder)
{
    /// <summary>
    /// Builds both machines from an ELF image. The subject gets <paramref name="options"/> with its engine; the
    /// reference gets no console (the subject prints), no console input and no engine decorator.
    /// </summary>
    /// <remarks>Input would reach the two machines at different times, so a difftest runs without console input.</remarks>
    public static LockstepMachines FromElf(SystemMachineOptions options, ElfImage image, EnginePair engines) =>
        FromBoot(options, BootImage.FromElf(image), engines);

    /// <summary>Builds both machines from a boot's images (firmware, kernel, RAM disk), as <see cref="FromElf"/> does.</summary>
    public static LockstepMachines FromBoot(SystemMachineOptions options, BootImage boot, EnginePair engines)
    {
        var subject = new SystemMachine(SubjectOptions(options, engines), boot);
        var referenceOptions = ReferenceOptions(options, engines);
        var reference = new SystemMachine(referenceOptions, boot);
        var tohost = boot.StartedElf?.FindSymbol("tohost");
        var fromhost = boot.StartedElf?.FindSymbol("fromhost");
        // The recorder takes over the reference's RAM watch, so it gets its own HTIF to pass tohost writes to.
        (ulong, ulong, IRamWriteWatcher)? htif = null;
        if (tohost != null && fromhost != null)
            htif = (tohost.Address, fromhost.Address, new Htif(tohost.Address, fromhost.Address, referenceOptions.Console));
        return new LockstepMachines(reference, subject, RamWriteRecorder.Install(reference.Bus, htif));
    }

    /// <summary>Builds both machines from an image in memory (a generated program).</summary>
    public static LockstepMachines FromSegments(SystemMachineOptions options, ulong entry, IReadOnlyList<LoadSegment> segments, EnginePair engines)
    {
        var subject = new SystemMachine(SubjectOptions(options, engines), entry, segments);
        var reference = new SystemMachine(ReferenceOptions(options, engines), entry, segments);
        return new LockstepMachines(reference, subject, RamWriteRecorder.Install(reference.Bus));
    }

    private static SystemMachineOptions SubjectOptions(SystemMachineOptions options, EnginePair engines) =>
        options with { Engine = engines.Subject, ConsoleInput = null };

    private static SystemMachineOptions ReferenceOptions(SystemMachineOptions options, EnginePair engines) =>
        options with { Engine = engines.Reference, Console = Stream.Null, ConsoleInput = null, EngineDecorator = null, FlushConsoleEachLine = false };
}
