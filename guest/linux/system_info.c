/* uname, sysinfo, resource limits, ids and /proc/self/exe, printed as properties that hold everywhere. */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void)
{
    struct utsname names;
    printf("uname: %d sysname=%s machine=%s\n", uname(&names), names.sysname, names.machine);
    struct sysinfo info;
    printf("sysinfo: %d totalram>0=%d mem_unit>0=%d\n", sysinfo(&info), info.totalram > 0, info.mem_unit > 0);
    struct rlimit limit;
    printf("getrlimit(RLIMIT_NOFILE): %d soft<=hard=%d\n", getrlimit(RLIMIT_NOFILE, &limit),
           limit.rlim_cur <= limit.rlim_max);
    printf("pid>0=%d ppid>0=%d pid!=ppid=%d\n", getpid() > 0, getppid() > 0, getpid() != getppid());
    printf("uid==euid=%d gid==egid=%d\n", getuid() == geteuid(), getgid() == getegid());
    char exe[1024];
    ssize_t length = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (length > 0) exe[length] = 0;
    const char *tail = "/system_info";
    printf("/proc/self/exe ends with %s: %d\n", tail,
           length > 0 && strcmp(exe + length - strlen(tail), tail) == 0);
    printf("page size=%ld\n", sysconf(_SC_PAGESIZE));
    printf("clock ticks=%ld\n", sysconf(_SC_CLK_TCK));
    printf("isatty(stdin)=%d isatty(stdout)=%d\n", isatty(0), isatty(1));
    return 0;
}
