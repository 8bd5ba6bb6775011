namespace Translator.Cli;

/// <summary>A command-line mistake; the message is one line for the user.</summary>
public sealed class UsageException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public UsageException(string message) : base(message) { }
}
