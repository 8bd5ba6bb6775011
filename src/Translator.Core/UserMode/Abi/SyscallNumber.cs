namespace Translator.UserMode.Abi;

/// <summary>
/// Linux riscv64 system call numbers (the asm-generic table, plus riscv_flush_icache). Names are the kernel's,
/// so <c>--strace</c> and warnings can print them. Some are listed only so an unimplemented call is named.
/// </summary>
#pragma warning disable CS1591 // The names are the kernel's syscall names.
public enum SyscallNumber : long
{
    getcwd = 17, eventfd2 = 19, epoll_create1 = 20, epoll_ctl = 21, epoll_pwait = 22,
    dup = 23, dup3 = 24, fcntl = 25, inotify_init1 = 26, ioctl = 29, flock = 32,
    mknodat = 33, mkdirat = 34, unlinkat = 35, symlinkat = 36, linkat = 37,
    umount2 = 39, mount = 40, statfs = 43, fstatfs = 44, truncate = 45, ftruncate = 46, fallocate = 47,
    faccessat = 48, chdir = 49, fchdir = 50, chroot = 51, fchmod = 52, fchmodat = 53, fchownat = 54, fchown = 55,
    openat = 56, close = 57, pipe2 = 59, getdents64 = 61, lseek = 62, read = 63, write = 64,
    readv = 65, writev = 66, pread64 = 67, pwrite64 = 68, preadv = 69, pwritev = 70, sendfile = 71,
    pselect6 = 72, ppoll = 73, readlinkat = 78, newfstatat = 79, fstat = 80, sync = 81, fsync = 82, fdatasync = 83,
    timerfd_create = 85, timerfd_settime = 86, timerfd_gettime = 87, utimensat = 88, exit = 93, exit_group = 94, waitid = 95, set_tid_address = 96, unshare = 97, futex = 98,
    set_robust_list = 99, get_robust_list = 100, nanosleep = 101, getitimer = 102, setitimer = 103,
    clock_settime = 112, clock_gettime = 113, clock_getres = 114, clock_nanosleep = 115,
    sched_setaffinity = 122, sched_getaffinity = 123, sched_yield = 124,
    kill = 129, tkill = 130, tgkill = 131, sigaltstack = 132, rt_sigsuspend = 133, rt_sigaction = 134,
    rt_sigprocmask = 135, rt_sigpending = 136, rt_sigtimedwait = 137, rt_sigqueueinfo = 138, rt_sigreturn = 139,
    setpriority = 140, getpriority = 141, setregid = 143, setgid = 144, setreuid = 145, setuid = 146,
    setresuid = 147, getresuid = 148, setresgid = 149, getresgid = 150, times = 153, setpgid = 154, getpgid = 155,
    getsid = 156, setsid = 157, getgroups = 158, setgroups = 159, uname = 160, sethostname = 161,
    getrlimit = 163, setrlimit = 164, getrusage = 165, umask = 166, prctl = 167, getcpu = 168, gettimeofday = 169,
    getpid = 172, getppid = 173, getuid = 174, geteuid = 175, getgid = 176, getegid = 177, gettid = 178, sysinfo = 179,
    socket = 198, socketpair = 199, bind = 200, listen = 201, accept = 202, connect = 203,
    getsockname = 204, getpeername = 205, sendto = 206, recvfrom = 207, setsockopt = 208, getsockopt = 209, shutdown = 210,
    sendmsg = 211, recvmsg = 212, brk = 214, munmap = 215, mremap = 216, clone = 220, execve = 221, mmap = 222, fadvise64 = 223,
    mprotect = 226, msync = 227, mlock = 228, munlock = 229, mincore = 232, madvise = 233,
    riscv_flush_icache = 259, accept4 = 242, wait4 = 260, prlimit64 = 261, syncfs = 267, renameat2 = 276, getrandom = 278, memfd_create = 279,
    membarrier = 283, copy_file_range = 285, statx = 291, rseq = 293, clone3 = 435, close_range = 436, faccessat2 = 439,
}
#pragma warning restore CS1591
