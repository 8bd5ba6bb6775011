using Translator.Engines;
using Translator.Isa;
using Translator.Machines;
using Translator.Tools.Fuzzing;
using Xunit;

namespace Translator.Tests.Tools;

/// <summary>Fuzz programs are valid, non-privileged, cover the whole spec, and keep to their memory.</summary>
public sealed class ProgramGeneratorTests
{
    private static readonly ushort[] FloatCsrs = [0x001, 0x002, 0x003];

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(0xFEEDUL)]
    public void ProgramsDecodeEntirelyToValidNonPrivilegedInstructions(ulong seed)
    {
        for (int index = 0; index < 20; index++)
        {
            var program = ProgramGenerator.Generate(seed, index, 200);
            int offset = 0;
            foreach (var instruction in program.Instructions)
            {
                // The code bytes decode, in sequence, to exactly the listed instructions.
                Assert.Equal(FuzzLayout.CodeBase + (ulong)offset, instruction.Pc);
                uint raw = BitConverter.ToUInt32(program.Code.AsSpan(offset, Math.Min(4, program.Code.Length - offset)).ToArray().Concat(new byte[4]).Take(4).ToArray());
                var d = Decoder.Decode((raw & 3) == 3 ? raw : raw & 0xFFFF);
                Assert.Equal(instruction.Raw, d.Raw);
                offset += d.Length;

                Assert.True(d.IsValid, $"{seed}/{index} 0x{instruction.Pc:x}: 0x{d.Raw:x} is not valid");
                Assert.False(d.Info.Has(InstructionFlags.Privileged), $"{d} is privileged");
                Assert.DoesNotContain(d.Opcode, new[] { Opcode.Ecall, Opcode.Ebreak, Opcode.Mret, Opcode.Sret, Opcode.Wfi, Opcode.SfenceVma });
                if (d.Info.Has(InstructionFlags.Csr))
                    Assert.Contains(d.Csr, FloatCsrs);
                if (d.Info.Has(InstructionFlags.HasRoundingMode))
                    Assert.True(d.Rm <= 4 || d.Rm == 7, $"{d} has a reserved rounding mode");
            }
            Assert.Equal(program.Code.Length, offset);
        }
    }

    [Fact]
    public void EveryFuzzableFormAndRoundingModeIsGenerated()
    {
        var forms = new HashSet<Opcode>();
        var roundingModes = new HashSet<byte>();
        for (int index = 0; index < 400; index++)
        {
            foreach (var instruction in ProgramGenerator.Generate(5, index, 200).Instructions)
            {
                if (instruction.IsScaffold) continue;
                var d = instruction.Decoded;
                forms.Add(d.Form);
                if (d.Info.Has(InstructionFlags.HasRoundingMode)) roundingModes.Add(d.Rm);
            }
        }
        var missing = FuzzableInstructions.All.Where(f => !forms.Contains(f)).Select(f => InstructionTable.Get(f).Mnemonic).ToList();
        Assert.True(missing.Count == 0, "never generated: " + string.Join(", ", missing));
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 7 }, roundingModes.Order().ToArray());
    }

    [Fact]
    public void TheFuzzablePoolIsTheWholeNonPrivilegedSpec()
    {
        var pool = FuzzableInstructions.All.ToHashSet();
        foreach (var extension in new[] { Extension.I, Extension.M, Extension.A, Extension.F, Extension.D, Extension.Zba, Extension.Zbb, Extension.Zbs, Extension.C })
            Assert.Contains(pool, f => InstructionTable.Get(f).Extension == extension);
        Assert.Contains(Opcode.AmomaxuD, pool);
        Assert.Contains(Opcode.ScW, pool);
        Assert.Contains(Opcode.FnmaddD, pool);
        Assert.Contains(Opcode.CFldsp, pool);
        Assert.Contains(Opcode.FenceI, pool);
        Assert.DoesNotContain(Opcode.Ecall, pool);
        Assert.DoesNotContain(Opcode.Mret, pool);
        Assert.DoesNotContain(Opcode.CEbreak, pool);
        Assert.True(pool.Count > 200, $"only {pool.Count} forms");
    }

    [Theory]
    [InlineData(3UL)]
    [InlineData(4UL)]
    public void MemoryAccessesStayInTheirRegionsAndControlStaysInTheProgram(ulong seed)
    {
        int rewrites = 0;
        for (int index = 0; index < 10; index++)
        {
            var program = ProgramGenerator.Generate(seed, index, 200);
            var machine = new SystemMachine(new SystemMachineOptions { MemorySize = FuzzLayout.MemorySize }, FuzzLayout.CodeBase, program.Segments());
            program.ApplyInitialState(machine);
            ulong codeEnd = FuzzLayout.CodeBase + (ulong)program.Code.Length;
            int steps = 0;
            while (!machine.Bus.Stop.Requested)
            {
                ulong pc = machine.Hart.Pc;
                Assert.InRange(pc, FuzzLayout.CodeBase, codeEnd - 2);
                var d = Decoder.Decode(BitConverter.ToUInt32(machine.Bus.Ram.Span.Slice((int)(pc - FuzzLayout.CodeBase), 4)) is var w && (w & 3) == 3 ? w : w & 0xFFFF);
                if ((d.Info.Flags & (InstructionFlags.Load | InstructionFlags.Store | InstructionFlags.Amo)) != 0)
                {
                    ulong address = machine.Hart.X[d.Rs1] + (ulong)d.Imm;
                    ulong end = address + d.Info.MemoryWidth;
                    bool inData = address >= FuzzLayout.DataBase && end <= FuzzLayout.DataBase + FuzzLayout.DataSize;
                    bool control = address == FuzzLayout.ControlBase;
                    bool exit = address == VirtMap.TestDevice;
                    // The generator's own self-modifying stores rewrite one instruction of the body.
                    bool rewrite = address >= FuzzLayout.CodeBase && end <= codeEnd && program.Instructions.Single(i => i.Pc == pc).IsScaffold;
                    Assert.True(inData || control || exit || rewrite, $"{seed}/{index}: {d} at 0x{pc:x} accesses 0x{address:x}");
                    if (rewrite) rewrites++;
                    if (d.Info.Has(InstructionFlags.Amo))
                        Assert.Equal(0UL, address % d.Info.MemoryWidth);
                }
                Assert.NotEqual(StopReason.WaitingForInterrupt, machine.RunSlice(1));
                Assert.True(++steps < 100_000, "the program does not end");
            }
            Assert.Equal(0, machine.Bus.Stop.ExitCode);
        }
        Assert.True(rewrites > 0, "no program rewrote its own code");
    }
}
