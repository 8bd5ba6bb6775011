using ELFSharp.ELF.Segments;
using Translator.Loading;
using Translator.Machines;
using Xunit;

namespace Translator.Tests.Engines.Translation;

/// <summary>
/// A device that reads the time mid-run (the CLINT's mtime) sees the instructions retired up to that access, so the
/// value is the same under the translator as under the interpreter, wherever either engine flushes its counters.
/// </summary>
public sealed class DeviceTimeTests
{
    // Reads mtime in a hot loop whose iterations differ in length, mixing every reading into a0; exits with its low byte.
    private const string Program = """
        .option norvc
            li s0, 0x0200bff8          # CLINT mtime
            li s1, 3000
            li a0, 0
        loop:
            ld t0, 0(s0)
            slli a0, a0, 1
            xor a0, a0, t0
            andi t1, s1, 7
        spin:
            addi t1, t1, -1
            bgez t1, spin
            addi s1, s1, -1
            bnez s1, loop
            ld t0, 0(s0)
            add a0, a0, t0
            li t2, 0x00100000          # SiFive test device: exit with code a0 & 0xff
            andi a0, a0, 0xff
            slli a0, a0, 16
            li t3, 0x3333
            or a0, a0, t3
            sw a0, 0(t2)
        __halt:
            j __halt
        """;

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(100)]
    public void MtimeReadInsideTranslatedCodeMatchesTheInterpreter(int jitThreshold)
    {
        var image = SnippetAssembler.Assemble(Program);
        RunResult Run(EngineKind engine)
        {
            var segments = new[] { new LoadSegment(SnippetAssembler.Base, SnippetAssembler.Base, (ulong)image.Bytes.Length, image.Bytes, SegmentFlags.Read | SegmentFlags.Execute) };
            var machine = new SystemMachine(new SystemMachineOptions { Engine = engine, JitThreshold = jitThreshold, MaxInstructions = 10_000_000 },
                SnippetAssembler.Base, segments);
            return machine.Run();
        }
        var interpreted = Run(EngineKind.Interpreter);
        var translated = Run(EngineKind.Translator);
        Assert.Equal(RunEnd.GuestExit, interpreted.End);
        Assert.Equal(interpreted.InstructionsRetired, translated.InstructionsRetired);
        Assert.Equal(interpreted.ExitCode, translated.ExitCode);
    }
}
