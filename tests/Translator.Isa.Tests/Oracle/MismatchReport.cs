using System.Text;

namespace Translator.Isa.Tests.Oracle;

/// <summary>Collects every disagreement with the oracle and fails once, listing the first 50.</summary>
internal sealed class MismatchReport(string what)
{
    private const int Shown = 50;
    private readonly StringBuilder _text = new();
    private int _count;
    private int _checked;

    public void Check(uint word, int length, ulong pc, string ours, string theirs, string? source = null)
    {
        _checked++;
        if (ours == theirs)
            return;
        if (_count++ < Shown)
        {
            string hex = length == 2 ? word.ToString("x4") : word.ToString("x8");
            string where = source == null ? "" : source + " ";
            _text.Append($"  {where}{hex} @0x{pc:x}: ours \"{ours}\" objdump \"{theirs}\"\n");
        }
    }

    public void Fail(string message)
    {
        _count++;
        _text.Append("  ").Append(message).Append('\n');
    }

    public int Checked => _checked;

    public void Assert()
    {
        if (_count == 0)
            return;
        string more = _count > Shown ? $"  ... and {_count - Shown} more\n" : "";
        throw new Xunit.Sdk.XunitException($"{what}: {_count} of {_checked} differ from objdump:\n{_text}{more}");
    }
}
