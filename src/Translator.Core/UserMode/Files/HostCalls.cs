using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

// Every host call takes and returns blittable values, so none needs the runtime's marshalling; without it ReadyToRun
// precompiles the calls instead of leaving a stub per function for RyuJIT to compile at its first use.
[assembly: DisableRuntimeMarshalling]

namespace Translator.UserMode.Files;

/// <summary>
/// The host C library calls the syscall layer is built on. The host is Linux, whose errno numbers and the layouts
/// of the structures passed through here (timespec, timeval, utsname, sysinfo, rlimit, statx, linux_dirent64,
/// termios, winsize, tms, rusage, statfs, pollfd) are the same on riscv64 and on the 64-bit hosts rvt supports.
/// </summary>
internal static unsafe partial class HostCalls
{
    private const string Libc = "libc";

    /// <summary>The host's errno after a failed call, as a negative syscall result.</summary>
    public static long Error() => -Marshal.GetLastPInvokeError();

    /// <summary>A path as a NUL-terminated UTF-8 byte array.</summary>
    public static byte[] Path(string path) => Encoding.UTF8.GetBytes(path + "\0");

    [LibraryImport(Libc, SetLastError = true)] public static partial int open(byte* path, int flags, int mode);
    [LibraryImport(Libc, SetLastError = true)] public static partial int close(int fd);
    [LibraryImport(Libc, SetLastError = true)] public static partial int socket(int domain, int type, int protocol);
    [LibraryImport(Libc, SetLastError = true)] public static partial int socketpair(int domain, int type, int protocol, int* fds);
    [LibraryImport(Libc, SetLastError = true)] public static partial int bind(int fd, byte* address, uint length);
    [LibraryImport(Libc, SetLastError = true)] public static partial int connect(int fd, byte* address, uint length);
    [LibraryImport(Libc, SetLastError = true)] public static partial int listen(int fd, int backlog);
    [LibraryImport(Libc, SetLastError = true)] public static partial int accept4(int fd, byte* address, uint* length, int flags);
    [LibraryImport(Libc, SetLastError = true)] public static partial int getsockname(int fd, byte* address, uint* length);
    [LibraryImport(Libc, SetLastError = true)] public static partial int getpeername(int fd, byte* address, uint* length);
    [LibraryImport(Libc, SetLastError = true)] public static partial nint sendto(int fd, byte* buffer, nint length, int flags, byte* address, uint addressLength);
    [LibraryImport(Libc, SetLastError = true)] public static partial nint recvfrom(int fd, byte* buffer, nint length, int flags, byte* address, uint* addressLength);
    [LibraryImport(Libc, SetLastError = true)] public static partial int setsockopt(int fd, int level, int name, byte* value, uint length);
    [LibraryImport(Libc, SetLastError = true)] public static partial int getsockopt(int fd, int level, int name, byte* value, uint* length);
    [LibraryImport(Libc, SetLastError = true)] public static partial int shutdown(int fd, int how);
    [LibraryImport(Libc, SetLastError = true)] public static partial nint read(int fd, byte* buffer, nint count);
    [LibraryImport(Libc, SetLastError = true)] public static partial nint write(int fd, byte* buffer, nint count);
    [LibraryImport(Libc, SetLastError = true)] public static partial nint pread(int fd, byte* buffer, nint count, long offset);
    [LibraryImport(Libc, SetLastError = true)] public static partial nint pwrite(int fd, byte* buffer, nint count, long offset);
    [LibraryImport(Libc, SetLastError = true)] public static partial long lseek(int fd, long offset, int whence);
    [LibraryImport(Libc, SetLastError = true)] public static partial int dup(int fd);
    [LibraryImport(Libc, SetLastError = true)] public static partial int fcntl(int fd, int command, long argument);
    [LibraryImport(Libc, SetLastError = true)] public static partial int statx(int dirfd, byte* path, int flags, uint mask, byte* buffer);
    [LibraryImport(Libc, SetLastError = true)] public static partial int mkdir(byte* path, uint mode);
    [LibraryImport(Libc, SetLastError = true)] public static partial int mknod(byte* path, uint mode, ulong device);
    [LibraryImport(Libc, SetLastError = true)] public static partial int unlink(byte* path);
    [LibraryImport(Libc, SetLastError = true)] public static partial int rmdir(byte* path);
    [LibraryImport(Libc, SetLastError = true)] public static partial int renameat2(int oldDirfd, byte* oldPath, int newDirfd, byte* newPath, uint flags);
    [LibraryImport(Libc, SetLastError = true)] public static partial nint readlink(byte* path, byte* buffer, nint size);
    [LibraryImport(Libc, SetLastError = true)] public static partial int access(byte* path, int mode);
    [LibraryImport(Libc, SetLastError = true)] public static partial int ftruncate(int fd, long length);
    [LibraryImport(Libc, SetLastError = true)] public static partial int fsync(int fd);
    [LibraryImport(Libc, SetLastError = true)] public static partial int fdatasync(int fd);
    [LibraryImport(Libc, SetLastError = true)] public static partial int pipe2(int* fds, int flags);
    [LibraryImport(Libc, SetLastError = true)] public static partial int ioctl(int fd, ulong request, byte* argument);
    [LibraryImport(Libc, SetLastError = true)] public static partial nint getdents64(int fd, byte* buffer, nint size);
    [LibraryImport(Libc, SetLastError = true)] public static partial int clock_gettime(int clock, byte* timespec);
    [LibraryImport(Libc, SetLastError = true)] public static partial int clock_getres(int clock, byte* timespec);
    [LibraryImport(Libc, SetLastError = true)] public static partial int clock_nanosleep(int clock, int flags, byte* request, byte* remaining);
    [LibraryImport(Libc, SetLastError = true)] public static partial int gettimeofday(byte* timeval, byte* timezone);
    [LibraryImport(Libc, SetLastError = true)] public static partial int uname(byte* utsname);
    [LibraryImport(Libc, SetLastError = true)] public static partial int sysinfo(byte* info);
    [LibraryImport(Libc, SetLastError = true)] public static partial int getrlimit(int resource, byte* limit);
    [LibraryImport(Libc, SetLastError = true)] public static partial int umask(int mask);
    [LibraryImport(Libc, SetLastError = true)] public static partial int fchmod(int fd, uint mode);
    [LibraryImport(Libc, SetLastError = true)] public static partial int fchown(int fd, uint owner, uint group);
    [LibraryImport(Libc, SetLastError = true)] public static partial int fallocate(int fd, int mode, long offset, long length);
    [LibraryImport(Libc, SetLastError = true)] public static partial int eventfd(uint initial, int flags);
    [LibraryImport(Libc, SetLastError = true)] public static partial int epoll_create1(int flags);
    [LibraryImport(Libc, SetLastError = true)] public static partial int timerfd_create(int clock, int flags);
    [LibraryImport(Libc, SetLastError = true)] public static partial int timerfd_settime(int fd, int flags, byte* newValue, nint oldValue);
    [LibraryImport(Libc, SetLastError = true)] public static partial int timerfd_gettime(int fd, nint currentValue);
    [LibraryImport(Libc, SetLastError = true)] public static partial int epoll_ctl(int epoll, int operation, int fd, byte* hostEvent);
    [LibraryImport(Libc, SetLastError = true)] public static partial int epoll_wait(int epoll, byte* hostEvents, int max, int timeout);
    [LibraryImport(Libc, SetLastError = true)] public static partial int lchown(byte* path, uint owner, uint group);
    [LibraryImport(Libc, SetLastError = true)] public static partial nint sendfile(int outFd, int inFd, long* offset, nint count);
    [LibraryImport(Libc, SetLastError = true)] public static partial nint copy_file_range(int inFd, long* inOffset, int outFd, long* outOffset, nint length, uint flags);
    [LibraryImport(Libc, SetLastError = true)] public static partial int chmod(byte* path, uint mode);
    [LibraryImport(Libc, SetLastError = true)] public static partial int symlink(byte* target, byte* path);
    [LibraryImport(Libc, SetLastError = true)] public static partial int link(byte* existing, byte* path);
    [LibraryImport(Libc, SetLastError = true)] public static partial int truncate(byte* path, long length);
    [LibraryImport(Libc, SetLastError = true)] public static partial int getpgid(int pid);
    [LibraryImport(Libc, SetLastError = true)] public static partial int getsid(int pid);
    [LibraryImport(Libc, SetLastError = true)] public static partial long times(byte* buffer);
    [LibraryImport(Libc, SetLastError = true)] public static partial int getrusage(int who, byte* usage);
    [LibraryImport(Libc, SetLastError = true)] public static partial int getpriority(int which, int who);
    [LibraryImport(Libc, SetLastError = true)] public static partial int setpriority(int which, int who, int nice);
    [LibraryImport(Libc, SetLastError = true)] public static partial int getgroups(int size, uint* list);
    [LibraryImport(Libc, SetLastError = true)] public static partial int flock(int fd, int operation);
    [LibraryImport(Libc, SetLastError = true)] public static partial int utimensat(int dirfd, byte* path, byte* times, int flags);
    [LibraryImport(Libc, SetLastError = true)] public static partial int futimens(int fd, byte* times);
    [LibraryImport(Libc, SetLastError = true)] public static partial int statfs(byte* path, byte* buffer);
    [LibraryImport(Libc, SetLastError = true)] public static partial int fstatfs(int fd, byte* buffer);
    [LibraryImport(Libc, SetLastError = true)] public static partial int ppoll(byte* fds, ulong count, byte* timeout, byte* signalMask);
    [LibraryImport(Libc, SetLastError = true)] public static partial int memfd_create(byte* name, uint flags);
    [LibraryImport(Libc, SetLastError = true)] public static partial int syncfs(int fd);
    /// <summary>Returns the error number itself (0 on success), not -1 and errno.</summary>
    [LibraryImport(Libc)] public static partial int posix_fadvise(int fd, long offset, long length, int advice);
    [LibraryImport(Libc)] public static partial void sync();
    [LibraryImport(Libc)] public static partial int getpid();
    [LibraryImport(Libc)] public static partial int getppid();
    [LibraryImport(Libc)] public static partial uint getuid();
    [LibraryImport(Libc)] public static partial uint geteuid();
    [LibraryImport(Libc)] public static partial uint getgid();
    [LibraryImport(Libc)] public static partial uint getegid();
}
