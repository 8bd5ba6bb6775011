using System.Diagnostics;
using System.Globalization;
using Translator.Tools.Difftest;
using Translator.Tools.Fuzzing;

namespace Translator.Cli.Commands;

/// <summary>
/// <c>rvt fuzz</c>: generates random programs from the instruction spec and runs each under two engines in
/// lockstep; prints the first divergence and exits with <see cref="ExitCodes.Divergence"/>.
/// </summary>
public static class FuzzCommand
{
    /// <summary>Parses the options, runs the fuzzer and returns rvt's exit code.</summary>
    public static int Run(ArgumentReader args)
    {
        var options = new FuzzOptions();
        bool seedGiven = false, quiet = false;
        while (args.HasMore)
        {
            string arg = args.Next();
            switch (arg)
            {
                case "--seed": options = options with { Seed = Number(args, arg) }; seedGiven = true; break;
                case "--count": options = options with { Count = Int(args.Count(arg), arg) }; break;
                case "--first": options = options with { First = Int(Number(args, arg), arg) }; break;
                case "--length":
                    ulong length = args.Count(arg);
                    if (length > ProgramGenerator.MaxLength)
                        throw new UsageException($"option {arg}: at most {ProgramGenerator.MaxLength} instructions per program");
                    options = options with { Length = (int)length };
                    break;
                case "--iterations": options = options with { MaxIterations = Int(args.Count(arg), arg) }; break;
                case "--engines":
                    string text = args.Value(arg);
                    try { options = options with { Engines = EnginePair.Parse(text) }; }
                    catch (FormatException e) { throw new UsageException($"option {arg}: {e.Message}"); }
                    break;
                case "--check-every": options = options with { CheckBudget = args.Count(arg) }; break;
                case "--quiet": quiet = true; break;
                default:
                    throw new UsageException(arg.StartsWith('-') ? $"fuzz: unknown option '{arg}'" : $"fuzz: unexpected argument '{arg}'");
            }
        }
        if (!seedGiven)
            throw new UsageException("fuzz: --seed S is required (the seed names the programs, so a failure can be reproduced)");

        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        var summary = Fuzzer.Run(options, s =>
        {
            if (quiet || clock.Elapsed - lastReport < TimeSpan.FromSeconds(10)) return;
            lastReport = clock.Elapsed;
            Console.Error.WriteLine(Invariant($"fuzz: {s.Programs}/{options.Count} programs, {s.Instructions} instructions, {clock.Elapsed.TotalSeconds:F0} s"));
        });
        clock.Stop();

        if (summary.Failure != null)
        {
            Console.Out.Write(FuzzReport.Format(summary.Failure, options));
            return ExitCodes.Divergence;
        }
        double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        Console.Out.WriteLine(Invariant(
            $"fuzz: seed {options.Seed}, programs {options.First}..{options.First + summary.Programs - 1}, {summary.Instructions} instructions, engines {options.Engines}: no divergence ({seconds:F1} s, {summary.Instructions / seconds / 1e6:F2} M instructions/s; {100.0 * summary.Translated / Math.Max(summary.Instructions, 1):F1}% translated)"));
        if (summary.Trapped + summary.Unfinished > 0)
        {
            Console.Error.WriteLine($"rvt: fuzz: {summary.Trapped} program(s) trapped and {summary.Unfinished} did not finish; the generator should prevent both");
            return ExitCodes.InternalError;
        }
        return 0;
    }

    private static ulong Number(ArgumentReader args, string option)
    {
        string text = args.Value(option);
        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
            return value;
        throw new UsageException($"option {option}: '{text}' is not a non-negative integer");
    }

    private static int Int(ulong value, string option) =>
        value <= int.MaxValue ? (int)value : throw new UsageException($"option {option}: {value} is too large");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
