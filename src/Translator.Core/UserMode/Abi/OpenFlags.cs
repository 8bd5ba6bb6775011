using System.Runtime.InteropServices;

namespace Translator.UserMode.Abi;

/// <summary>
/// open(2) flags. riscv64 and x86-64 both use the asm-generic values; arm64 moves four of them, so on an arm64
/// host those are translated each way.
/// </summary>
public static class OpenFlags
{
#pragma warning disable CS1591 // The names are the C library's O_* names.
    public const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2;
    public const int O_ACCMODE = 3, O_CREAT = 0x40, O_EXCL = 0x80, O_TRUNC = 0x200, O_APPEND = 0x400, O_NONBLOCK = 0x800;
    public const int O_DIRECT = 0x4000, O_LARGEFILE = 0x8000, O_DIRECTORY = 0x10000, O_NOFOLLOW = 0x20000, O_CLOEXEC = 0x80000;
    public const int O_PATH = 0x200000;
#pragma warning restore CS1591

    private static readonly (int Generic, int Arm64)[] Arm64Moves =
    {
        (O_DIRECT, 0x10000), (O_LARGEFILE, 0x20000), (O_DIRECTORY, 0x4000), (O_NOFOLLOW, 0x8000),
    };

    private static bool HostIsArm64 => RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    /// <summary>Guest flags as the host's.</summary>
    public static int ToHost(int flags) => HostIsArm64 ? Move(flags, toArm64: true) : flags;

    /// <summary>Host flags as the guest's.</summary>
    public static int FromHost(int flags) => HostIsArm64 ? Move(flags, toArm64: false) : flags;

    private static int Move(int flags, bool toArm64)
    {
        int result = flags;
        foreach (var (generic, arm64) in Arm64Moves)
            result &= ~(toArm64 ? generic : arm64);
        foreach (var (generic, arm64) in Arm64Moves)
        {
            if ((flags & (toArm64 ? generic : arm64)) != 0)
                result |= toArm64 ? arm64 : generic;
        }
        return result;
    }
}
