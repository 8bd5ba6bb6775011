using System.Runtime.InteropServices;
using Translator.Engines;
using Translator.Loading;
using Translator.Machines;
using Translator.UserMode;

namespace Translator.Cli.Commands;

/// <summary>
/// <c>rvt run</c>: runs a static riscv64 Linux program in user mode. Options come first; the first argument that
/// is not an option is the program, and everything after it is passed to the program untouched.
/// </summary>
public static class RunCommand
{
    // Options that take a value as the next argument (unless written --name=value).
    private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal) { "--engine", "--max-insns", "--jit-threshold", "--root", "--env" };

    /// <summary>Parses the options, runs the program and returns its exit status (or rvt's own code).</summary>
    /// <param name="arguments">Everything after <c>run</c>: options, the program, and the program's arguments.</param>
    public static int Run(IReadOnlyList<string> arguments)
    {
        int programIndex = FindProgram(arguments);
        var args = new ArgumentReader(arguments.Take(programIndex).Where(a => a != "--"));
        var options = new UserMachineOptions { Engine = EngineKind.Translator, CompileInBackground = true };
        var environment = new List<string>();
        bool stats = false, profile = false, difftest = false;
        string? profileFile = null;
        while (args.HasMore)
        {
            string arg = args.Next();
            switch (arg)
            {
                case "--engine":
                    options = options with { Engine = args.Choice(arg, "jit", "interp") == "jit" ? EngineKind.Translator : EngineKind.Interpreter };
                    break;
                case "--max-insns": options = options with { MaxInstructions = args.Count(arg) }; break;
                case "--jit-sync": options = options with { CompileInBackground = false }; break;
                case "--jit-threshold": options = options with { JitThreshold = args.CountOrZero(arg) }; break;
                case "--root": options = options with { RootDirectory = args.Value(arg) }; break;
                case "--env":
                    string entry = args.Value(arg);
                    if (entry.IndexOf('=') <= 0)
                        throw new UsageException($"run: --env: '{entry}' is not NAME=VALUE");
                    environment.Add(entry);
                    break;
                case "--strace": options = options with { Strace = true }; break;
                case "--strict": options = options with { Strict = true }; break;
                case "--stats": stats = true; break;
                case "--difftest": difftest = true; break;
                case "--help" or "-h":
                    Console.Out.Write(Rvt.Usage);
                    return 0;
                case "--profile":
                    profile = true;
                    profileFile = args.OptionalValue(arg);
                    break;
                default:
                    throw new UsageException($"run: unknown option '{arg}'");
            }
        }
        if (programIndex >= arguments.Count)
            throw new UsageException("run: no program given; usage: rvt run [options] prog [args...]");
        string program = arguments[programIndex];
        var guestArguments = arguments.Skip(programIndex).ToList();
        if (!Directory.Exists(options.RootDirectory))
            throw new UsageException($"run: --root: '{options.RootDirectory}' is not a directory");

        if (difftest && (stats || profile))
            throw new UsageException("run: --difftest cannot be combined with --stats or --profile");

        var image = ElfImage.Load(program);
        options = options with
        {
            Arguments = guestArguments,
            Environment = environment,
            Diagnostics = new DeferredConsoleError(),
        };
        if (difftest)
            return RunDifftest.Run(options, image);
        var machine = new UserMachine(options, image);
        RunResult result;
        using (ForwardHostSignals(machine))
            result = machine.Run();

        if (stats)
            RunStatistics.Print(Console.Error, result, machine.Mmu.Statistics, engine: machine.Engine);
        if (profile)
            ProfileOutput.Write(machine.Engine, image, profileFile);
        if (result.End == RunEnd.InstructionLimit)
        {
            Console.Error.WriteLine($"rvt: stopped after {result.InstructionsExecuted} instructions (--max-insns) at pc 0x{machine.Hart.Pc:x}");
            return ExitCodes.InstructionLimit;
        }
        return result.ExitCode;
    }

    // The termination signals a user sends rvt (Ctrl-C, kill, a closed terminal) go to the program, as they would reach
    // it under a kernel: its handler runs, or its default action ends it with the usual report and exit status. A
    // second one sent before the program took the first is left to the host, so rvt can always be stopped.
    private static IDisposable ForwardHostSignals(UserMachine machine)
    {
        var registrations = new List<PosixSignalRegistration>();
        foreach (var (host, guest) in new[] { (PosixSignal.SIGINT, 2), (PosixSignal.SIGTERM, 15), (PosixSignal.SIGHUP, 1), (PosixSignal.SIGQUIT, 3) })
            registrations.Add(PosixSignalRegistration.Create(host, context => context.Cancel = machine.SendSignalFromOutside(guest)));
        return new Registrations(registrations);
    }

    private sealed class Registrations(List<PosixSignalRegistration> registrations) : IDisposable
    {
        public void Dispose() => registrations.ForEach(r => r.Dispose());
    }

    // The index of the program: the first argument that is neither an option nor an option's value ("--" ends options).
    private static int FindProgram(IReadOnlyList<string> arguments)
    {
        for (int i = 0; i < arguments.Count; i++)
        {
            string arg = arguments[i];
            if (arg == "--")
                return i + 1;
            if (!arg.StartsWith('-') || arg == "-")
                return i;
            if (ValueOptions.Contains(arg))
                i++;
        }
        return arguments.Count;
    }
}
