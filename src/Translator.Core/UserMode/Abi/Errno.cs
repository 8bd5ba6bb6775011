namespace Translator.UserMode.Abi;

/// <summary>
/// Linux errno values (the generic numbering, shared by riscv64 and the x86-64 and arm64 hosts rvt runs on, so
/// host errors pass through unchanged). Syscalls return them negated.
/// </summary>
public static class Errno
{
#pragma warning disable CS1591 // The names are the C library's errno names.
    public const int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, E2BIG = 7, EBADF = 9, ECHILD = 10, EAGAIN = 11, ENOMEM = 12,
        EACCES = 13, EFAULT = 14, EEXIST = 17, EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, EMFILE = 24,
        ENOTTY = 25, ESPIPE = 29, EPIPE = 32, ERANGE = 34, ENAMETOOLONG = 36, ENOSYS = 38, ENOTEMPTY = 39, ELOOP = 40,
        ETIMEDOUT = 110;
#pragma warning restore CS1591

    private static readonly Dictionary<int, string> Names = typeof(Errno).GetFields()
        .Where(f => f.IsLiteral)
        .ToDictionary(f => (int)f.GetRawConstantValue()!, f => f.Name);

    /// <summary>The symbolic name of an errno value, or its number.</summary>
    public static string Name(int errno) => Names.TryGetValue(errno, out var name) ? name : "E" + errno;
}
