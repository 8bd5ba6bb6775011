using Translator.Engines;
using Translator.Devices;
using Translator.Loading;
using Translator.Machines;

namespace Translator.Cli.Commands;

/// <summary><c>rvt boot</c>: runs a bare-metal ELF on the system machine.</summary>
public static class BootCommand
{
    /// <summary>Parses the options, runs the guest and returns rvt's exit code.</summary>
    public static int Run(ArgumentReader args)
    {
        string? kernel = null, firmware = null, initialRamDisk = null, dumpDeviceTree = null;
        var options = new SystemMachineOptions { CompileInBackground = true };
        bool stats = false, difftest = false, profile = false;
        string? profileFile = null;
        while (args.HasMore)
        {
            string arg = args.Next();
            switch (arg)
            {
                case "--kernel": kernel = args.Value(arg); break;
                case "--bios": firmware = args.Value(arg); break;
                case "--initrd": initialRamDisk = args.Value(arg); break;
                case "--dump-dtb": dumpDeviceTree = args.Value(arg); break;
                case "-m" or "--memory": options = options with { MemorySize = args.Size(arg) }; break;
                case "--max-insns": options = options with { MaxInstructions = args.Count(arg) }; break;
                case "--jit-sync": options = options with { CompileInBackground = false }; break;
                case "--engine":
                    options = options with { Engine = args.Choice(arg, "jit", "interp") == "jit" ? EngineKind.Translator : EngineKind.Interpreter };
                    break;
                case "--jit-threshold": options = options with { JitThreshold = args.CountOrZero(arg) }; break;
                case "--stats": stats = true; break;
                case "--difftest": difftest = true; break;
                case "--profile":
                    profile = true;
                    profileFile = args.OptionalValue(arg);
                    break;
                case "--host-time": options = options with { HostTime = true }; break;
                case "--append": options = options with { BootArgs = args.Value(arg) }; break;
                case "--count-in":
                    options = options with { CountInFunctions = options.CountInFunctions.Concat(args.Value(arg).Split(',', StringSplitOptions.RemoveEmptyEntries)).ToArray() };
                    break;
                default:
                    throw new UsageException(arg.StartsWith('-') ? $"boot: unknown option '{arg}'" : $"boot: unexpected argument '{arg}' (the program goes after --kernel)");
            }
        }
        if (kernel == null)
            throw new UsageException("boot: --kernel FILE is required");
        if (options.MemorySize > int.MaxValue)
            throw new UsageException("boot: -m: at most 2047M of RAM is supported");

        var boot = BootImage.Load(firmware, kernel, initialRamDisk);
        using var console = Console.OpenStandardOutput();
        using var buffered = new BufferedStream(console, 1 << 16);
        if (difftest)
            return BootDifftest.Run(options with { Console = buffered, FlushConsoleEachLine = !Console.IsOutputRedirected }, boot);
        var machine = new SystemMachine(options with
        {
            Console = buffered,
            FlushConsoleEachLine = !Console.IsOutputRedirected,
            ConsoleInput = dumpDeviceTree == null ? new StdinConsoleInput() : null,
        }, boot);
        if (dumpDeviceTree != null)
            return DumpDeviceTree(machine, dumpDeviceTree);
        var result = machine.Run();
        buffered.Flush();

        if (stats)
            RunStatistics.Print(Console.Error, result, machine.Mmu.Statistics, machine.FunctionCounter, machine.Engine);
        if (profile)
            ProfileOutput.Write(machine.Engine, boot.SymbolSource, profileFile);
        if (result.End == RunEnd.InstructionLimit)
        {
            Console.Error.WriteLine($"rvt: stopped after {result.InstructionsExecuted} instructions (--max-insns) at pc 0x{machine.Hart.Pc:x}");
            return ExitCodes.InstructionLimit;
        }
        return result.ExitCode;
    }

    // Like QEMU's dumpdtb: the blob the guest would get, with the RAM disk placed, and no run.
    private static int DumpDeviceTree(SystemMachine machine, string path)
    {
        try
        {
            File.WriteAllBytes(path, machine.DeviceTreeBlob);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"boot: --dump-dtb: cannot write {path}: {e.Message}");
        }
        return 0;
    }
}
