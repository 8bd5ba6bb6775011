namespace Translator.UserMode;

/// <summary>How the guest process ended.</summary>
/// <param name="Status">The exit status a shell would see: the program's code, or 128 + the signal.</param>
/// <param name="Signal">The fatal signal, or 0 for a normal exit.</param>
/// <param name="Detail">What raised a fatal signal, for the one-line report; null for a normal exit.</param>
/// <param name="FaultAddress">The address a faulting access used, when a fault raised the signal.</param>
public sealed record ProcessExit(int Status, int Signal, string? Detail, ulong? FaultAddress = null);
