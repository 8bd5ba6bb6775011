using System.Globalization;

namespace Translator.Cli;

/// <summary>
/// Reads a command's arguments: options (<c>--name value</c>, <c>--name=value</c>, flags) and positionals.
/// Every mistake becomes a <see cref="UsageException"/> naming the option.
/// </summary>
public sealed class ArgumentReader
{
    private readonly Queue<string> _args;

    /// <summary>Wraps the arguments that follow the command name.</summary>
    public ArgumentReader(IEnumerable<string> args) => _args = new Queue<string>(args);

    /// <summary>Whether any arguments remain.</summary>
    public bool HasMore => _args.Count > 0;

    /// <summary>Whether the last option taken by <see cref="Next"/> was written <c>--name=value</c>.</summary>
    public bool LastHadInlineValue { get; private set; }

    /// <summary>Takes the next argument, splitting <c>--name=value</c> into two.</summary>
    public string Next()
    {
        string arg = _args.Dequeue();
        int eq = arg.IndexOf('=');
        LastHadInlineValue = arg.StartsWith("--", StringComparison.Ordinal) && eq > 2;
        if (LastHadInlineValue)
        {
            var rest = new Queue<string>(_args);
            _args.Clear();
            _args.Enqueue(arg[(eq + 1)..]);
            foreach (var a in rest) _args.Enqueue(a);
            return arg[..eq];
        }
        return arg;
    }

    /// <summary>Takes the value of <paramref name="option"/>.</summary>
    public string Value(string option)
    {
        if (_args.Count == 0)
            throw new UsageException($"option {option} needs a value");
        return _args.Dequeue();
    }

    /// <summary>Takes the value of an option whose value is optional: only the <c>--name=value</c> form carries one.</summary>
    public string? OptionalValue(string option) => LastHadInlineValue ? Value(option) : null;

    /// <summary>Takes a count such as 1000000, 10M or 1e9.</summary>
    public ulong Count(string option)
    {
        string text = Value(option);
        if (TryParseScaled(text, 1000, out ulong value) && value > 0)
            return value;
        throw new UsageException($"option {option}: '{text}' is not a positive count");
    }

    /// <summary>Takes a count that may be 0, as a plain decimal number that fits an int.</summary>
    public int CountOrZero(string option)
    {
        string text = Value(option);
        if (int.TryParse(text, out int value) && value >= 0)
            return value;
        throw new UsageException($"option {option}: '{text}' is not a count (0 or more)");
    }

    /// <summary>Takes a size in bytes such as 128M, 1G or 65536 (K/M/G are powers of 1024).</summary>
    public ulong Size(string option)
    {
        string text = Value(option);
        if (TryParseScaled(text, 1024, out ulong value) && value > 0)
            return value;
        throw new UsageException($"option {option}: '{text}' is not a size (examples: 128M, 1G)");
    }

    /// <summary>Takes one of the allowed words.</summary>
    public string Choice(string option, params string[] allowed)
    {
        string text = Value(option);
        if (Array.IndexOf(allowed, text) < 0)
            throw new UsageException($"option {option}: '{text}' is not one of {string.Join(", ", allowed)}");
        return text;
    }

    private static bool TryParseScaled(string text, ulong unit, out ulong value)
    {
        value = 0;
        if (text.Length == 0) return false;
        ulong scale = char.ToUpperInvariant(text[^1]) switch
        {
            'K' => unit,
            'M' => unit * unit,
            'G' => unit * unit * unit,
            _ => 1,
        };
        string digits = scale == 1 ? text : text[..^1];
        if (ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out ulong n))
        {
            if (n > ulong.MaxValue / scale) return false;
            value = n * scale;
            return true;
        }
        if (scale == 1 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d >= 1 && d < 1.8e19 && d == Math.Floor(d))
        {
            value = (ulong)d;
            return true;
        }
        return false;
    }
}
