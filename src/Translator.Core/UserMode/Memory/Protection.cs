namespace Translator.UserMode.Memory;

/// <summary>Page protections, with the values of Linux's PROT_* flags.</summary>
[Flags]
public enum Protection
{
    /// <summary>No access (PROT_NONE).</summary>
    None = 0,
    /// <summary>Readable (PROT_READ).</summary>
    Read = 1,
    /// <summary>Writable (PROT_WRITE); implies readable on RISC-V.</summary>
    Write = 2,
    /// <summary>Executable (PROT_EXEC).</summary>
    Execute = 4,
}
