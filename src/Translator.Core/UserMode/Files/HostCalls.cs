using System.Runtime.InteropServices;
using System.Text;

namespace Translator.UserMode.Files;

/// <summary>
/// The host C library calls the syscall layer is built on. The host is Linux, whose errno numbers and the layouts
/// of the structures passed through here (timespec, timeval, utsname, sysinfo, rlimit, statx, linux_dirent64,
/// termios, winsize) are the same on riscv64 and on the 64-bit hosts rvt supports.
/// </summary>
internal static unsafe class HostCalls
{
    private const string Libc = "libc";

    /// <summary>The host's errno after a failed call, as a negative syscall result.</summary>
    public static long Error() => -Marshal.GetLastPInvokeError();

    /// <summary>A path as a NUL-terminated UTF-8 byte array.</summary>
    public static byte[] Path(string path) => Encoding.UTF8.GetBytes(path + "\0");

    [DllImport(Libc, SetLastError = true)] public static extern int open(byte* path, int flags, int mode);
    [DllImport(Libc, SetLastError = true)] public static extern int close(int fd);
    [DllImport(Libc, SetLastError = true)] public static extern nint read(int fd, byte* buffer, nint count);
    [DllImport(Libc, SetLastError = true)] public static extern nint write(int fd, byte* buffer, nint count);
    [DllImport(Libc, SetLastError = true)] public static extern nint pread(int fd, byte* buffer, nint count, long offset);
    [DllImport(Libc, SetLastError = true)] public static extern nint pwrite(int fd, byte* buffer, nint count, long offset);
    [DllImport(Libc, SetLastError = true)] public static extern long lseek(int fd, long offset, int whence);
    [DllImport(Libc, SetLastError = true)] public static extern int dup(int fd);
    [DllImport(Libc, SetLastError = true)] public static extern int fcntl(int fd, int command, long argument);
    [DllImport(Libc, SetLastError = true)] public static extern int statx(int dirfd, byte* path, int flags, uint mask, byte* buffer);
    [DllImport(Libc, SetLastError = true)] public static extern int mkdir(byte* path, uint mode);
    [DllImport(Libc, SetLastError = true)] public static extern int unlink(byte* path);
    [DllImport(Libc, SetLastError = true)] public static extern int rmdir(byte* path);
    [DllImport(Libc, SetLastError = true)] public static extern int renameat2(int oldDirfd, byte* oldPath, int newDirfd, byte* newPath, uint flags);
    [DllImport(Libc, SetLastError = true)] public static extern nint readlink(byte* path, byte* buffer, nint size);
    [DllImport(Libc, SetLastError = true)] public static extern int access(byte* path, int mode);
    [DllImport(Libc, SetLastError = true)] public static extern int ftruncate(int fd, long length);
    [DllImport(Libc, SetLastError = true)] public static extern int fsync(int fd);
    [DllImport(Libc, SetLastError = true)] public static extern int fdatasync(int fd);
    [DllImport(Libc, SetLastError = true)] public static extern int pipe2(int* fds, int flags);
    [DllImport(Libc, SetLastError = true)] public static extern int ioctl(int fd, ulong request, byte* argument);
    [DllImport(Libc, SetLastError = true)] public static extern nint getdents64(int fd, byte* buffer, nint size);
    [DllImport(Libc, SetLastError = true)] public static extern int clock_gettime(int clock, byte* timespec);
    [DllImport(Libc, SetLastError = true)] public static extern int clock_getres(int clock, byte* timespec);
    [DllImport(Libc, SetLastError = true)] public static extern int clock_nanosleep(int clock, int flags, byte* request, byte* remaining);
    [DllImport(Libc, SetLastError = true)] public static extern int gettimeofday(byte* timeval, byte* timezone);
    [DllImport(Libc, SetLastError = true)] public static extern int uname(byte* utsname);
    [DllImport(Libc, SetLastError = true)] public static extern int sysinfo(byte* info);
    [DllImport(Libc, SetLastError = true)] public static extern int getrlimit(int resource, byte* limit);
    [DllImport(Libc, SetLastError = true)] public static extern int umask(int mask);
    [DllImport(Libc, SetLastError = true)] public static extern int fchmod(int fd, uint mode);
    [DllImport(Libc, SetLastError = true)] public static extern int chmod(byte* path, uint mode);
    [DllImport(Libc, SetLastError = true)] public static extern int symlink(byte* target, byte* path);
    [DllImport(Libc, SetLastError = true)] public static extern int link(byte* existing, byte* path);
    [DllImport(Libc, SetLastError = true)] public static extern int truncate(byte* path, long length);
    [DllImport(Libc, SetLastError = true)] public static extern int getpgid(int pid);
    [DllImport(Libc, SetLastError = true)] public static extern int getsid(int pid);
    [DllImport(Libc)] public static extern int getpid();
    [DllImport(Libc)] public static extern int getppid();
    [DllImport(Libc)] public static extern uint getuid();
    [DllImport(Libc)] public static extern uint geteuid();
    [DllImport(Libc)] public static extern uint getgid();
    [DllImport(Libc)] public static extern uint getegid();
}
