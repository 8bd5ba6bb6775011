using Translator.Engines.Translation;
using Translator.Isa;
using Xunit;

namespace Translator.Tests.Engines.Translation;

/// <summary>The start-up warm-up compiles what it says, without a machine behind it.</summary>
public sealed class TranslatorWarmUpTests
{
    [Fact]
    public void SampleCodeIsTheLoopItsCommentsDescribe()
    {
        var text = TranslatorWarmUp.SampleCode.Select((raw, i) => Disassembler.Format(Decoder.Decode(raw), 0x10000 + (ulong)(4 * i))).ToArray();
        Assert.Equal(
            ["ld\ta1,0(a0)", "addi\ta0,a0,8", "add\ta2,a2,a1", "sw\ta2,4(a0)", "bne\ta0,a3,10000", "fadd.d\tfa0,fa0,fa1", "jalr\tzero,0(ra)"],
            text);
    }

    [Fact]
    public void SampleRegionCompilesWholeWithNoRuntime()
    {
        var region = TranslatorWarmUp.CompileSampleRegion();
        Assert.Equal(TranslatorWarmUp.SampleCode.Length, region.Count);
        Assert.True(region.IlSize > 0);
    }

    [Fact]
    public void WarmUpFinishes() => TranslatorWarmUp.WarmUp();
}
