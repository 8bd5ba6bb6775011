using Translator.Memory;
using Xunit;

namespace Translator.Tests.Memory;

/// <summary>Guest RAM's host memory: zeroed, usable and separate whether or not it got the preferred low address.</summary>
public sealed class RamTests
{
    [Fact]
    public unsafe void RamsMadeTogetherAreZeroedAndSeparate()
    {
        // At most one of them can have the preferred host address; the others fall back to ordinary native memory.
        var rams = new[] { new Ram(0x8000_0000, 1 << 20), new Ram(0x8000_0000, 1 << 20), new Ram(0x1000, 64 << 10) };
        for (int i = 0; i < rams.Length; i++)
        {
            var ram = rams[i];
            Assert.True(ram.Span.IndexOfAnyExcept((byte)0) < 0);
            ram.Write(ram.Base + ram.Size - 8, 8, 0x1122_3344_5566_7788UL + (ulong)i);
        }
        for (int i = 0; i < rams.Length; i++)
        {
            Assert.Equal(0x1122_3344_5566_7788UL + (ulong)i, rams[i].Read(rams[i].Base + rams[i].Size - 8, 8));
            for (int j = 0; j < i; j++)
                Assert.True(rams[i].Pointer + rams[i].Size <= rams[j].Pointer || rams[j].Pointer + rams[j].Size <= rams[i].Pointer);
        }
    }
}
