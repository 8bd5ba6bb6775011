using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Translator.Generators.Tests;

/// <summary>Malformed spec lines give a diagnostic located at their own file and line.</summary>
public class SpecDiagnosticsTests
{
    private const string FieldsPath = "/spec/fields.isa";
    private const string BadPath = "/spec/bad.isa";

    private const string Fields = """
        field rd      x      rd    11..7
        field rs1     x      rs1   19..15
        field rs2     x      rs2   24..20
        field imm12   simm   imm   31..20
        field crd     x      rd    11..7
        field cimm6   simm   imm   12:5 6..2:4..0
        """;

    private const string Good = """
        add    rd,rs1,rs2    31..25=0 14..12=0 6..0=0x33     I
        addi   rd,rs1,imm12  14..12=0 6..0=0x13              I
        """;

    private static ImmutableArray<Diagnostic> Run(string bad)
    {
        var specs = ImmutableArray.Create<AdditionalText>(
            new InMemoryAdditionalText(FieldsPath, Fields),
            new InMemoryAdditionalText(BadPath, Good + "\n" + bad));
        GeneratorHarness.CreateDriver(specs).RunGeneratorsAndUpdateCompilation(GeneratorHarness.IsaCompilation(), out _, out var diagnostics);
        return diagnostics;
    }

    /// <summary>The bad line is always line 3 of bad.isa (0-based 2): two good lines come first.</summary>
    [Theory]
    [InlineData("ISA006", "sub    rd,rs1,rs2    31..25=0 14..12=0 6..0=0x33     I")]                    // same pattern as add
    [InlineData("ISA006", "xor    rd,rs1,imm12  14..12=0 6..0=0x33              I")]                     // contains every add word
    [InlineData("ISA002", "sll    rd,rs1,rs9    31..25=0 14..12=1 6..0=0x33     I")]                     // unknown field
    [InlineData("ISA002", "srl    rd,rs1,rs2    31..25=0 14..12=5 6..0=0x33     I   canon(rs7=0)")]      // unknown field in a condition
    [InlineData("ISA003", "slt    rd,rs1,rs2    31..25=0 14..12=9 6..0=0x33     I")]                     // 9 does not fit 3 bits
    [InlineData("ISA003", "sltu   rd,rs1,rs2    31..25=0x80 14..12=3 6..0=0x33  I")]                     // 0x80 does not fit 7 bits
    [InlineData("ISA004", "slli   rd,rs1        14..12=1 6..0=0x13              I")]                     // bits 31..20 uncovered
    [InlineData("ISA005", "or     rd,rs1,rs2    31..25=0 14..12=6 13=1 6..0=0x33 I")]                    // bit 13 fixed twice
    [InlineData("ISA001", "and    rd,rs1,rs2    31..25=0 14..12=7 6..0=         I")]                     // malformed encoding
    [InlineData("ISA001", "ori    rd,rs1,imm12  14..12=6 6..0=0x13")]                                    // no extension
    [InlineData("ISA001", "andi   rd,rs1,imm12  14..12=7 6..0=0x13 I frobnicate")]                       // unknown attribute
    [InlineData("ISA009", "c.li   crd,cimm6     15..13=2 1..0=1   C   => nosuch rd=crd imm=cimm6")]      // expansion target missing
    [InlineData("ISA009", "c.li   crd,cimm6     15..13=2 1..0=1   C   => addi rd=crd imm=cimm6")]        // rs1 unassigned
    public void MalformedLineIsReportedAtItsFileAndLine(string id, string line)
    {
        var diagnostics = Run(line);
        var match = diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(match.Count > 0, $"expected {id}, got:\n{string.Join("\n", diagnostics)}");
        foreach (var diagnostic in match)
        {
            var span = diagnostic.Location.GetLineSpan();
            Assert.Equal(BadPath, span.Path);
            Assert.Equal(2, span.StartLinePosition.Line);
            Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        }
    }

    [Fact]
    public void OverrideMarksTheMoreSpecificEncoding()
    {
        const string lines = """
            c.lui      crd,cimm6    15..13=3 1..0=1           C                     => addi rd=crd rs1=crd imm=cimm6
            c.special  cimm6        15..13=3 11..7=2 1..0=1   C  overrides(c.lui)   => addi rd=sp rs1=sp imm=cimm6
            """;
        Assert.Empty(Run(lines));
        Assert.Contains(Run(lines.Replace(" overrides(c.lui)", "", StringComparison.Ordinal)), d => d.Id == "ISA006");
    }

    [Fact]
    public void AllErrorsAreCollectedNotJustTheFirst()
    {
        const string lines = """
            sub    rd,rs1,rs9    31..25=0x20 14..12=0 6..0=0x33  I
            slt    rd,rs1,rs2    31..25=0 14..12=9 6..0=0x33     I
            slli   rd,rs1        14..12=1 6..0=0x13              I
            """;
        var diagnostics = Run(lines);
        var lines0 = diagnostics.Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line)).ToHashSet();
        Assert.Contains(("ISA002", 2), lines0);
        Assert.Contains(("ISA003", 3), lines0);
        Assert.Contains(("ISA004", 4), lines0);
    }

    [Fact]
    public void ColumnsPointAtTheOffendingText()
    {
        const string line = "slt    rd,rs1,rs2    31..25=0 14..12=9 6..0=0x33     I";
        var diagnostic = Assert.Single(Run(line), d => d.Id == "ISA003");
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(line.IndexOf("14..12=9", StringComparison.Ordinal), span.StartLinePosition.Character);
        Assert.Equal("14..12=9", (Good + "\n" + line).Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    /// <summary>A bad field definition, appended as line 7 (0-based 6) of fields.isa.</summary>
    [Theory]
    [InlineData("ISA007", "field rx   register   rd   11..7")]          // unknown kind
    [InlineData("ISA007", "field rx   x          rq   11..7")]          // unknown slot
    [InlineData("ISA001", "field rx   simm       imm  31..25:4..0")]    // 7 bits cannot fill 5
    [InlineData("ISA001", "field rx   simm       imm  31..25 11..7:4..0")] // mixed implicit and explicit pieces
    [InlineData("ISA005", "field rx   simm       imm  31..25:6..0 11..7:4..0")] // value bits 4..0 twice
    [InlineData("ISA008", "field rd   x          rd   11..7")]          // defined twice
    [InlineData("ISA001", "field rx")]                                   // too short
    public void MalformedFieldIsReportedAtItsLine(string id, string line)
    {
        var specs = ImmutableArray.Create<AdditionalText>(
            new InMemoryAdditionalText(FieldsPath, Fields + "\n" + line),
            new InMemoryAdditionalText(BadPath, Good));
        GeneratorHarness.CreateDriver(specs).RunGeneratorsAndUpdateCompilation(GeneratorHarness.IsaCompilation(), out _, out var diagnostics);
        var match = diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(match.Count > 0, $"expected {id}, got:\n{string.Join("\n", diagnostics)}");
        Assert.All(match, d => Assert.Equal((FieldsPath, 6), (d.Location.GetLineSpan().Path, d.Location.GetLineSpan().StartLinePosition.Line)));
    }

    [Fact]
    public void DuplicateInstructionIsReported()
    {
        var diagnostic = Assert.Single(Run("add    rd,rs1,rs2    31..25=0x20 14..12=0 6..0=0x33  I"), d => d.Id == "ISA008");
        Assert.Equal(2, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }
}
