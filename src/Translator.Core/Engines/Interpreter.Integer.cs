using System.Runtime.CompilerServices;

namespace Translator.Engines;

// M extension: the multiply-high and division helpers, with the specification's corner cases
// (division by zero gives all ones / the dividend; the signed overflow MIN / -1 gives MIN / 0).
public sealed partial class Interpreter
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong MulHighSigned(ulong a, ulong b) => (ulong)Math.BigMul((long)a, (long)b, out _);

    // signed(a) * unsigned(b): the unsigned high part, corrected by b when a is negative.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong MulHighSignedUnsigned(ulong a, ulong b)
    {
        ulong high = Math.BigMul(a, b, out _);
        return (long)a < 0 ? high - b : high;
    }

    internal static ulong DivSigned(ulong a, ulong b)
    {
        if (b == 0) return ulong.MaxValue;
        if ((long)a == long.MinValue && (long)b == -1) return a;
        return (ulong)((long)a / (long)b);
    }

    internal static ulong DivUnsigned(ulong a, ulong b) => b == 0 ? ulong.MaxValue : a / b;

    internal static ulong RemSigned(ulong a, ulong b)
    {
        if (b == 0) return a;
        if ((long)a == long.MinValue && (long)b == -1) return 0;
        return (ulong)((long)a % (long)b);
    }

    internal static ulong RemUnsigned(ulong a, ulong b) => b == 0 ? a : a % b;

    internal static ulong DivSignedWord(ulong a, ulong b)
    {
        int x = (int)a, y = (int)b;
        if (y == 0) return ulong.MaxValue;
        if (x == int.MinValue && y == -1) return (ulong)(long)x;
        return (ulong)(long)(x / y);
    }

    internal static ulong DivUnsignedWord(ulong a, ulong b)
    {
        uint x = (uint)a, y = (uint)b;
        return y == 0 ? ulong.MaxValue : SignExtend32(x / y);
    }

    internal static ulong RemSignedWord(ulong a, ulong b)
    {
        int x = (int)a, y = (int)b;
        if (y == 0) return (ulong)(long)x;
        if (x == int.MinValue && y == -1) return 0;
        return (ulong)(long)(x % y);
    }

    internal static ulong RemUnsignedWord(ulong a, ulong b)
    {
        uint x = (uint)a, y = (uint)b;
        return SignExtend32(y == 0 ? x : x % y);
    }
}
