namespace Translator.Loading;

/// <summary>A guest image that cannot be loaded; the message is one line meant for the user.</summary>
public sealed class GuestImageException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public GuestImageException(string message) : base(message) { }
}
