using Xunit;

namespace Translator.Isa.Tests;

public class AllocationTests
{
    [Fact]
    public void DecodeAndFormatDoNotAllocate()
    {
        Span<char> buffer = stackalloc char[Disassembler.MaxLength];
        var words = new uint[] { 0x00b50533, 0x02b50553, 0x0605352f, 0xc0052573, 0x7ff0006f, 0x0ff0000f, 0x0000005b, 0x6105, 0x0505, 0xa001, 0x8002, 0x0000 };
        int total = 0;
        foreach (uint w in words)
            total += Disassembler.Format(Decoder.Decode(w), 0x1000, buffer);

        // Up to three rounds: the runtime itself may allocate once on this thread while a round runs (tiered
        // compilation's first promotion, on a loaded machine); decoding and formatting must allocate nothing in one.
        long allocated = -1;
        for (int round = 0; round < 3 && allocated != 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (uint i = 0; i < 200_000; i++)
            {
                uint word = (i * 2654435761u) | (i & 1) * 3;
                var inst = Decoder.Decode(word);
                total += Disassembler.Format(inst, 0x8000_0000UL + i, buffer);
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.True(total > 0);
        Assert.Equal(0, allocated);
    }
}
