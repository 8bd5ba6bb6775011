namespace Translator.Isa;

/// <summary>RISC-V privilege levels, numbered as in mstatus.MPP.</summary>
public enum PrivilegeLevel : byte
{
    /// <summary>User mode.</summary>
    User = 0,
    /// <summary>Supervisor mode.</summary>
    Supervisor = 1,
    /// <summary>Machine mode.</summary>
    Machine = 3,
}
