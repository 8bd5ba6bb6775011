using Translator.Cli;
using Translator.Cli.Commands;
using Translator.Engines.Translation;
using Translator.Loading;

namespace Translator.Cli
{
    /// <summary>The rvt entry point: dispatches to a command and turns errors into one line and an exit code.</summary>
    public static class Rvt
    {
        /// <summary>The usage text.</summary>
        public const string Usage = """
            usage: rvt <command> [options]

            commands:
              boot --kernel ELF [options]   run a bare-metal program, firmware or kernel (system mode)
              boot --bios FW --kernel K [--initrd FILE] [--append ARGS] [options]
                                            start firmware FW (an ELF, or a flat binary at 0x80000000, such as
                                            OpenSBI's fw_jump) with kernel K (an ELF, or a flat image such as
                                            Linux's Image, at the next 2 MiB boundary after FW), as QEMU virt does
                  --initrd FILE             initial RAM disk, placed high in RAM; /chosen gives its bounds
                  --dump-dtb FILE           write the device tree the guest would get, and exit
                  -m, --memory SIZE         RAM size (default 128M)
                  --max-insns N             stop after N instructions (exit code 124)
                  --engine jit|interp       execution engine: block translator or interpreter (default: jit)
                  --jit-threshold N         block entries before the translator compiles it (default: 100;
                                            0 compiles everything, at its first entry; 4x more for each
                                            region still waiting for the worker thread)
                  --jit-sync                compile on the guest's thread, so that which code runs translated
                                            is the same in every run (default: a worker thread compiles while
                                            the guest runs on in the interpreter)
                  --stats                   print instruction counts, time, speed and TLB counters to stderr
                  --profile[=FILE]          print the hottest translated units and translation totals to stderr at
                                            exit (jit engine); with =FILE also write them as JSON
                  --difftest                run the interpreter alongside the selected engine in lockstep and
                                            stop at the first divergence, with a report (exit code 99)
                  --host-time               mtime follows the host clock (default: derived from instructions)
                  --append ARGS             kernel command line for the device tree's /chosen
                  --count-in F1,F2,...      count instructions executed inside these functions (ELF symbols,
                                            '*' matches anything); --stats reports them
              run [options] PROG [ARGS...]  run a static riscv64 Linux program in user mode (options stop at PROG)
                  --engine jit|interp       execution engine (default: jit)
                  --jit-threshold N         block entries before the translator compiles it, as for boot
                  --jit-sync                compile on the guest's thread, as for boot
                  --max-insns N             stop after N instructions (exit code 124)
                  --root DIR                confine the program's files to DIR (default: the current directory)
                  --env NAME=VALUE          add to the environment (repeatable); the default environment is
                                            PATH=/usr/local/bin:/usr/bin:/bin HOME=/ LANG=C
                  --strace                  print each syscall and its result to stderr
                  --strict                  stop at an unimplemented syscall instead of returning ENOSYS
                  --profile[=FILE]          hottest translated units at exit, as for boot
                  --stats                   print instruction counts, time, speed and TLB counters to stderr
                  --difftest                run the interpreter alongside the selected engine in lockstep (one
                                            syscall each, run by the engine); stop at the first divergence with
                                            a report (exit code 99); time is derived from instructions
              fuzz --seed S [options]       run random programs from the instruction spec under two engines in
                                            lockstep; print the first divergence (exit code 99)
                  --count N                 programs to run (default 100)
                  --first I                 index of the first program (default 0); seed and index name a program
                  --length L                fuzzed instructions per program (default 200, at most 800)
                  --iterations N            each program's body runs 1 to N times (default 6)
                  --engines REF,SUBJECT     engines to compare (default: interp,jit)
                  --check-every N           compare after at most N subject instructions (default 256)
                  --quiet                   no progress lines on stderr
              disasm ELF                    disassemble the executable sections
              help, COMMAND --help          show this text
              version                       show the version

            exit codes: the guest's own exit code; 128+N when a run program is killed by signal N;
                        2 unusable ELF file; 64 bad command line; 124 instruction limit reached; 70 internal error;
                        99 the engines diverged (boot --difftest, run --difftest, fuzz)
            """;

        // Whether a boot or run will use the interpreter alone. Decided before the options are parsed, so that the
        // translator's warm-up starts first thing; a guest argument that looks like the option only costs an unneeded
        // warm-up of the translator, or a later one.
        private static bool InterpreterOnly(string[] args)
        {
            bool interpreter = false;
            for (int i = 1; i < args.Length; i++)
            {
                if (args[i] == "--difftest")
                    return false;
                if (args[i] == "--engine=interp" || (args[i] == "--engine" && i + 1 < args.Length && args[i + 1] == "interp"))
                    interpreter = true;
            }
            return interpreter;
        }

        /// <summary>Runs rvt with the given arguments and returns the process exit code.</summary>
        public static int Main(string[] args)
        {
            try
            {
                if (args.Length == 0)
                    throw new UsageException("no command given; try 'rvt help'");
                // `rvt boot --help` and the like: the usage, as `rvt help` gives it (later a --help is an option's
                // value or, after run's program, the program's own argument).
                if (args.Length > 1 && args[1] is "--help" or "-h")
                    args = ["help"];
                if (args[0] is "boot" or "run" && !InterpreterOnly(args))
                    TranslatorWarmUp.Begin();
                var rest = new ArgumentReader(args.Skip(1));
                switch (args[0])
                {
                    case "boot": return BootCommand.Run(rest);
                    case "run": return RunCommand.Run(args.Skip(1).ToArray());
                    case "disasm": return DisasmCommand.Run(rest);
                    case "fuzz": return FuzzCommand.Run(rest);
                    case "help" or "--help" or "-h":
                        Console.Out.Write(Usage);
                        return 0;
                    case "version" or "--version":
                        Console.Out.WriteLine("rvt " + typeof(Rvt).Assembly.GetName().Version);
                        return 0;
                    default:
                        throw new UsageException($"unknown command '{args[0]}'; try 'rvt help'");
                }
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine("rvt: " + e.Message);
                return ExitCodes.Usage;
            }
            catch (GuestImageException e)
            {
                Console.Error.WriteLine("rvt: " + e.Message);
                return ExitCodes.BadImage;
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"rvt: internal error: {e.GetType().Name}: {e.Message}");
                if (Environment.GetEnvironmentVariable("RVT_DEBUG") == "1")
                    Console.Error.WriteLine(e);
                return ExitCodes.InternalError;
            }
        }
    }
}
