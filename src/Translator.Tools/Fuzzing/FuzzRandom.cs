namespace Translator.Tools.Fuzzing;

/// <summary>
/// A small deterministic generator (SplitMix64), so a seed names the same programs on every platform and
/// runtime version.
/// </summary>
public sealed class FuzzRandom
{
    private ulong _state;

    /// <summary>Creates a generator for program <paramref name="index"/> of run <paramref name="seed"/>.</summary>
    public FuzzRandom(ulong seed, ulong index = 0) => _state = Mix(seed ^ Mix(index + 0x632BE59BD9B4E019));

    /// <summary>The next 64 random bits.</summary>
    public ulong Next64()
    {
        _state += 0x9E3779B97F4A7C15;
        return Mix(_state);
    }

    /// <summary>A value in [0, bound).</summary>
    public int Below(int bound) => (int)(Next64() % (ulong)bound);

    /// <summary>True with probability 1/<paramref name="n"/>.</summary>
    public bool OneIn(int n) => Below(n) == 0;

    /// <summary>One element of a list.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
