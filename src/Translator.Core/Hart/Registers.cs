namespace Translator.Hart;

/// <summary>ABI names of integer registers that the platform sets up.</summary>
public static class Registers
{
    /// <summary>Return address.</summary>
    public const int Ra = 1;
    /// <summary>Stack pointer.</summary>
    public const int Sp = 2;
    /// <summary>Thread pointer.</summary>
    public const int Tp = 4;
    /// <summary>First argument / return value.</summary>
    public const int A0 = 10;
    /// <summary>Second argument.</summary>
    public const int A1 = 11;
    /// <summary>Third argument.</summary>
    public const int A2 = 12;
}
