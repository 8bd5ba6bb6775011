using Translator.Tools.Difftest;
using Translator.Tools.Fuzzing;
using Xunit;
using Xunit.Abstractions;

namespace Translator.Tests.Tools;

/// <summary>
/// The CI fuzz run: at least a million fuzzed instructions over fixed seeds, interpreter against the newest engine
/// (<see cref="EnginePair.Default"/>: the translator once it exists), with no divergence.
/// </summary>
public sealed class FuzzRunTests(ITestOutputHelper output)
{
    private const ulong Target = 1_000_000;

    [Fact]
    public void AMillionFuzzedInstructionsAgree()
    {
        ulong instructions = 0;
        int programs = 0;
        for (ulong seed = 1; instructions < Target; seed++)
        {
            var options = new FuzzOptions { Seed = seed, Count = 250 };
            var summary = Fuzzer.Run(options);
            if (summary.Failure != null)
                Assert.Fail(FuzzReport.Format(summary.Failure, options));
            Assert.Equal(0, summary.Trapped);
            Assert.Equal(0, summary.Unfinished);
            instructions += summary.Instructions;
            programs += summary.Programs;
        }
        output.WriteLine($"{instructions} instructions in {programs} programs, engines {EnginePair.Default}");
        Assert.True(instructions >= Target);
    }
}
