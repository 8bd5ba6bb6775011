using System.Runtime.InteropServices;
using System.Text;

namespace Translator.UserMode.Files;

/// <summary>
/// The host C library calls the syscall layer is built on. The host is Linux, whose errno numbers and the layouts
/// of the structures passed through here (timespec, timeval, utsname, sysinfo, rlimit, statx, linux_dirent64,
/// termios, winsize, tms, rusage, statfs, pollfd) are the same on riscv64 and on the 64-bit hosts rvt supports.
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
    [DllImport(Libc, SetLastError = true)] public static extern long times(byte* buffer);
    [DllImport(Libc, SetLastError = true)] public static extern int getrusage(int who, byte* usage);
    [DllImport(Libc, SetLastError = true)] public static extern int getpriority(int which, int who);
    [DllImport(Libc, SetLastError = true)] public static extern int setpriority(int which, int who, int nice);
    [DllImport(Libc, SetLastError = true)] public static extern int getgroups(int size, uint* list);
    [DllImport(Libc, SetLastError = true)] public static extern int flock(int fd, int operation);
    [DllImport(Libc, SetLastError = true)] public static extern int utimensat(int dirfd, byte* path, byte* times, int flags);
    [DllImport(Libc, SetLastError = true)] public static extern int futimens(int fd, byte* times);
    [DllImport(Libc, SetLastError = true)] public static extern int statfs(byte* path, byte* buffer);
    [DllImport(Libc, SetLastError = true)] public static extern int fstatfs(int fd, byte* buffer);
    [DllImport(Libc, SetLastError = true)] public static extern int ppoll(byte* fds, ulong count, byte* timeout, byte* signalMask);
    [DllImport(Libc, SetLastError = true)] public static extern int memfd_create(byte* name, uint flags);
    [DllImport(Libc, SetLastError = true)] public static extern int syncfs(int fd);
    /// <summary>Returns the error number itself (0 on success), not -1 and errno.</summary>
    [DllImport(Libc)] public static extern int posix_fadvise(int fd, long offset, long length, int advice);
    [DllImport(Libc)] public static extern void sync();
    [DllImport(Libc)] public static extern int getpid();
    [DllImport(Libc)] public static extern int getppid();
    [DllImport(Libc)] public static extern uint getuid();
    [DllImport(Libc)] public static extern uint geteuid();
    [DllImport(Libc)] public static extern uint getgid();
    [DllImport(Libc)] public static extern uint getegid();
}
