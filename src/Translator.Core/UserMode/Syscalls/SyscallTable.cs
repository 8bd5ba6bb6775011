using System.Globalization;
using System.Text;
using Translator.UserMode.Abi;

namespace Translator.UserMode.Syscalls;

/// <summary>The six argument registers of a syscall (a0..a5).</summary>
/// <param name="Values">a0..a5.</param>
public readonly record struct SyscallArguments(ulong[] Values)
{
    /// <summary>Argument <paramref name="index"/> as an unsigned 64-bit value.</summary>
    public ulong this[int index] => Values[index];

    /// <summary>Argument <paramref name="index"/> as a C int (the low 32 bits, signed).</summary>
    public int Int(int index) => (int)Values[index];
}

/// <summary>Carries out one syscall and returns its result (a negative errno on failure).</summary>
public delegate long SyscallHandler(SyscallArguments args);

/// <summary>
/// One syscall: its number, a handler, and how <c>--strace</c> prints its arguments — one letter per argument:
/// d = signed int, u = unsigned, x = hex, o = octal, p = pointer, s = string pointer, b = buffer whose length is the
/// next argument, f = directory descriptor. <paramref name="ReturnsAddress"/> prints a successful result in hex.
/// </summary>
public sealed record SyscallDefinition(SyscallNumber Number, string ArgumentKinds, SyscallHandler Handler, bool ReturnsAddress = false);

/// <summary>The syscalls rvt implements, by number.</summary>
public sealed class SyscallTable
{
    private const int AtFdCwd = -100;
    private const int MaxStraceString = 32;
    // Results from -4095 to -1 are errors (the kernel's MAX_ERRNO).
    private const long MaxErrno = 4095;

    private readonly Dictionary<long, SyscallDefinition> _byNumber = new();

    /// <summary>What a handler returns when it has set every register and the pc itself (rt_sigreturn): no result is written.</summary>
    public const long RegistersRestored = long.MinValue;

    /// <summary>
    /// What a handler returns when the calling thread blocks or ends (a futex wait, a thread's exit): the pc moves past
    /// the ecall and the result reaches a0 when the thread is woken.
    /// </summary>
    public const long Blocks = long.MinValue + 1;

    /// <summary>
    /// What a handler returns when the calling thread waits for a descriptor and the call must run again once it is
    /// ready: the pc stays at the ecall and no result is written.
    /// </summary>
    public const long Restart = long.MinValue + 2;

    /// <summary>Adds a syscall.</summary>
    public void Add(SyscallNumber number, string argumentKinds, SyscallHandler handler, bool returnsAddress = false) =>
        _byNumber.Add((long)number, new SyscallDefinition(number, argumentKinds, handler, returnsAddress));

    /// <summary>The definition for a number, or null when rvt does not implement it.</summary>
    public SyscallDefinition? Find(long number) => _byNumber.TryGetValue(number, out var definition) ? definition : null; // not GetValueOrDefault: generic code left to RyuJIT

    /// <summary>All implemented syscalls.</summary>
    public IEnumerable<SyscallDefinition> All => _byNumber.Values;

    /// <summary>The kernel's name for a syscall number, or "syscall_N".</summary>
    public static string Name(long number) =>
        Enum.IsDefined(typeof(SyscallNumber), number) ? ((SyscallNumber)number).ToString() : "syscall_" + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats the call for <c>--strace</c>, without the result.</summary>
    public static string FormatCall(SyscallDefinition definition, SyscallArguments args, Func<ulong, int, string?> readString)
    {
        var text = new StringBuilder(definition.Number.ToString()).Append('(');
        for (int i = 0; i < definition.ArgumentKinds.Length; i++)
        {
            if (i > 0) text.Append(", ");
            ulong v = args[i];
            var c = CultureInfo.InvariantCulture;
            text.Append(definition.ArgumentKinds[i] switch
            {
                'd' => ((long)v).ToString(c),
                'u' => v.ToString(c),
                'o' => "0" + Convert.ToString((long)v, 8),
                'p' => v == 0 ? "NULL" : "0x" + v.ToString("x", c),
                's' => Quote(readString(v, -1), v),
                'b' => Quote(readString(v, (int)Math.Min(args[i + 1], MaxStraceString + 1)), v),
                'f' => (int)v == AtFdCwd ? "AT_FDCWD" : ((int)v).ToString(c),
                _ => "0x" + v.ToString("x", c),
            });
        }
        return text.Append(')').ToString();
    }

    /// <summary>Formats a result the way strace does: the value (hex for an address), or -1 and the errno name.</summary>
    public static string FormatResult(long result, bool isAddress = false) =>
        result < 0 && result >= -MaxErrno ? "-1 " + Errno.Name((int)-result)
        : isAddress ? "0x" + result.ToString("x", CultureInfo.InvariantCulture)
        : result.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string? text, ulong address)
    {
        if (text == null)
            return "0x" + address.ToString("x", CultureInfo.InvariantCulture);
        var quoted = new StringBuilder("\"");
        foreach (char ch in text.Length > MaxStraceString ? text[..MaxStraceString] : text)
        {
            quoted.Append(ch switch
            {
                '\n' => "\\n",
                '\t' => "\\t",
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' => "\\x" + ((int)ch).ToString("x2", CultureInfo.InvariantCulture),
                _ => ch.ToString(),
            });
        }
        quoted.Append('"');
        if (text.Length > MaxStraceString) quoted.Append("...");
        return quoted.ToString();
    }
}
