namespace Translator.Isa.Tests.Oracle;

/// <summary>SplitMix64: a fixed, documented generator so the random words never change between runtimes.</summary>
internal struct RandomWords(ulong seed)
{
    private ulong _state = seed;

    public uint Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (uint)((z ^ (z >> 31)) >> 16);
    }
}
