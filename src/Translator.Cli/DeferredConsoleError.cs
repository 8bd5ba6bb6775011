using System.Text;

namespace Translator.Cli;

/// <summary>
/// Standard error, set up at the first write: <see cref="Console.Error"/> costs several milliseconds of start-up
/// (encoding, stream, synchronised writer), and most runs never write a diagnostic.
/// </summary>
internal sealed class DeferredConsoleError : TextWriter
{
    /// <inheritdoc/>
    public override Encoding Encoding => Console.Error.Encoding;

    /// <inheritdoc/>
    public override void Write(char value) => Console.Error.Write(value);

    /// <inheritdoc/>
    public override void Write(string? value) => Console.Error.Write(value);

    /// <inheritdoc/>
    public override void WriteLine(string? value) => Console.Error.WriteLine(value);

    /// <inheritdoc/>
    public override void Flush() => Console.Error.Flush();
}
