namespace Translator.UserMode;

/// <summary>How the guest process ended.</summary>
/// <param name="Status">The exit status a shell would see: the program's code, or 128 + the signal.</param>
/// <param name="Signal">The fatal signal, or 0 for a normal exit.</param>
/// <param name="Message">The one-line report of a fatal signal, or null.</param>
public sealed record ProcessExit(int Status, int Signal, string? Message);
