using Translator.Hart;

namespace Translator.Memory;

/// <summary>The kind of a memory access, which decides the permission checked and the fault raised.</summary>
public enum AccessKind : byte
{
    /// <summary>A load, or LR.</summary>
    Read = 0,
    /// <summary>A store, SC or AMO.</summary>
    Write = 1,
    /// <summary>An instruction fetch.</summary>
    Execute = 2,
}

/// <summary>Maps access kinds to the exceptions they raise.</summary>
public static class AccessFaults
{
    /// <summary>The page-fault cause for an access kind.</summary>
    public static ExceptionCause PageFault(AccessKind kind) => kind switch
    {
        AccessKind.Read => ExceptionCause.LoadPageFault,
        AccessKind.Write => ExceptionCause.StorePageFault,
        _ => ExceptionCause.InstructionPageFault,
    };

    /// <summary>The access-fault cause for an access kind.</summary>
    public static ExceptionCause AccessFault(AccessKind kind) => kind switch
    {
        AccessKind.Read => ExceptionCause.LoadAccessFault,
        AccessKind.Write => ExceptionCause.StoreAccessFault,
        _ => ExceptionCause.InstructionAccessFault,
    };
}
