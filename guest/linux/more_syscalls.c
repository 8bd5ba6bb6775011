/* times, getrusage, priorities, groups, flock, utimensat, statfs, fadvise, ppoll/pselect6, prctl, memfd_create and
   sync, with their error cases. Host-dependent values are printed only as properties that hold everywhere. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "outcome.h"

/* posix_fadvise returns the error number itself. */
static const char *advice_outcome(int error) { return error == 0 ? "0" : strerrorname_np(error); }

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void nap_ms(long ms)
{
    struct timespec t = { 0, ms * 1000000 };
    nanosleep(&t, NULL);
}

static void test_times(void)
{
    struct tms before, after;
    clock_t start = times(&before);
    volatile unsigned long sum = 0;
    for (unsigned long i = 0; i < 3000000; i++)
        sum += i * i;
    nap_ms(60);
    clock_t end = times(&after);
    printf("times: positive %d, advanced >= 3 ticks over 60 ms %d\n", start > 0, end - start >= 3);
    printf("times: utime grows %d, stime >= 0 %d, no children %d\n", after.tms_utime >= before.tms_utime,
           after.tms_stime >= 0, after.tms_cutime == 0 && after.tms_cstime == 0);
    printf("times(NULL) raw positive: %d\n", syscall(SYS_times, NULL) > 0);
    printf("times(bad pointer) raw: %s\n", outcome(syscall(SYS_times, (void *)8)));
    printf("clock ticks: %ld\n", sysconf(_SC_CLK_TCK));

    struct rusage usage;
    printf("getrusage(SELF): %d, times plausible %d\n", getrusage(RUSAGE_SELF, &usage),
           usage.ru_utime.tv_sec >= 0 && usage.ru_utime.tv_usec >= 0 && usage.ru_utime.tv_usec < 1000000);
    printf("getrusage(CHILDREN): %d\n", getrusage(RUSAGE_CHILDREN, &usage));
    printf("getrusage(5): %s\n", outcome(getrusage(5, &usage)));
}

static void test_priority(void)
{
    errno = 0;
    int nice0 = getpriority(PRIO_PROCESS, 0);
    printf("getpriority: errno %d, in range %d\n", errno, nice0 >= -20 && nice0 <= 19);
    printf("raw getpriority is 20 - nice: %d\n", syscall(SYS_getpriority, PRIO_PROCESS, 0) == 20 - nice0);
    printf("setpriority(+1): %d\n", setpriority(PRIO_PROCESS, 0, nice0 + 1));
    printf("now nice0 + 1: %d\n", getpriority(PRIO_PROCESS, 0) == nice0 + 1);
    printf("setpriority(own pid, +2): %d\n", setpriority(PRIO_PROCESS, getpid(), nice0 + 2));
    printf("by own pid, nice0 + 2: %d\n", getpriority(PRIO_PROCESS, getpid()) == nice0 + 2);
    int back = setpriority(PRIO_PROCESS, 0, nice0);
    printf("lowering back: %s\n", back == 0 || errno == EACCES ? "allowed or EACCES" : outcome(back));
    printf("setpriority(100) clamps to 19: %d %d\n", setpriority(PRIO_PROCESS, 0, 100), getpriority(PRIO_PROCESS, 0));
    printf("getpriority(no such pid): %s\n", outcome(getpriority(PRIO_PROCESS, 0x7ffffff0)));
    printf("setpriority(no such pid): %s\n", outcome(setpriority(PRIO_PROCESS, 0x7ffffff0, 5)));
    printf("getpriority(which 7): %s\n", outcome(syscall(SYS_getpriority, 7, 0)));
}

static void test_groups(void)
{
    int count = getgroups(0, NULL);
    gid_t groups[256];
    printf("getgroups count >= 0: %d\n", count >= 0);
    printf("getgroups list agrees: %d\n", count <= 256 && getgroups(256, groups) == count);
    printf("getgroups(-1): %s\n", outcome(syscall(SYS_getgroups, -1, groups)));
    if (count >= 2)
        printf("getgroups(too small): %s\n", outcome(getgroups(1, groups)));
    else
        printf("getgroups(too small): -1 EINVAL\n");
    long set = syscall(SYS_setgroups, -1, NULL);
    printf("setgroups refused: %d\n", set == -1 && (errno == EPERM || errno == EINVAL));
}

static void test_flock(void)
{
    int fd = open("lockfile", O_RDWR | O_CREAT, 0644);
    int other = open("lockfile", O_RDONLY);
    int copy = dup(fd);
    printf("flock SH: %d\n", flock(fd, LOCK_SH));
    printf("flock upgrade to EX|NB: %d\n", flock(fd, LOCK_EX | LOCK_NB));
    printf("flock by another open, SH|NB: %s\n", outcome(flock(other, LOCK_SH | LOCK_NB)));
    printf("flock by a dup, EX|NB: %d\n", flock(copy, LOCK_EX | LOCK_NB));
    printf("flock UN: %d\n", flock(fd, LOCK_UN));
    printf("flock by another open now: %d\n", flock(other, LOCK_SH | LOCK_NB));
    printf("flock(bad fd): %s\n", outcome(flock(99, LOCK_SH)));
    printf("flock(0 operation): %s\n", outcome(flock(fd, 0)));
    printf("flock(SH|EX): %s\n", outcome(flock(fd, LOCK_SH | LOCK_EX)));
    printf("flock(bad fd, bad operation): %s\n", outcome(flock(99, 0x40)));
    close(copy);
    close(other);
    close(fd);
}

static void print_times(const char *label, const struct stat *st)
{
    printf("%s: atime %lld.%09ld mtime %lld.%09ld\n", label, (long long)st->st_atim.tv_sec, st->st_atim.tv_nsec,
           (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
}

static void test_utimensat(void)
{
    int fd = open("stamp", O_RDWR | O_CREAT, 0644);
    struct stat st;
    struct timespec set[2] = { { 1000000000, 123456789 }, { 1100000000, 987654321 } };
    printf("utimensat: %d\n", utimensat(AT_FDCWD, "stamp", set, 0));
    stat("stamp", &st);
    print_times("after utimensat", &st);
    struct timespec omit_atime[2] = { { 0, UTIME_OMIT }, { 1200000000, 5 } };
    printf("utimensat(atime omitted): %d\n", utimensat(AT_FDCWD, "stamp", omit_atime, 0));
    stat("stamp", &st);
    print_times("after omit", &st);
    time_t wall = time(NULL);
    struct timespec now_atime[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
    printf("utimensat(atime now): %d\n", utimensat(AT_FDCWD, "stamp", now_atime, 0));
    stat("stamp", &st);
    printf("atime is now: %d, mtime kept: %d\n", st.st_atim.tv_sec >= wall - 1 && st.st_atim.tv_sec <= wall + 5,
           st.st_mtim.tv_sec == 1200000000);
    printf("utimensat(NULL times): %d\n", utimensat(AT_FDCWD, "stamp", NULL, 0));
    stat("stamp", &st);
    printf("both now: %d\n", st.st_mtim.tv_sec >= wall - 1 && st.st_mtim.tv_sec <= wall + 5
                                 && st.st_atim.tv_sec >= wall - 1);

    symlink("stamp", "stamp-link");
    printf("utimensat(link, NOFOLLOW): %d\n", utimensat(AT_FDCWD, "stamp-link", set, AT_SYMLINK_NOFOLLOW));
    struct stat link;
    lstat("stamp-link", &link);
    stat("stamp", &st);
    printf("link changed %d, target untouched %d\n", link.st_mtim.tv_sec == 1100000000, st.st_mtim.tv_sec != 1100000000);
    printf("utimensat(link, follow): %d\n", utimensat(AT_FDCWD, "stamp-link", omit_atime, 0));
    stat("stamp", &st);
    printf("target through link: mtime %lld.%09ld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);

    printf("futimens: %d\n", futimens(fd, set));
    fstat(fd, &st);
    print_times("after futimens", &st);
    printf("raw utimensat(fd, NULL path): %s\n", outcome(syscall(SYS_utimensat, fd, NULL, omit_atime, 0)));
    fstat(fd, &st);
    print_times("after NULL path", &st);
    printf("raw utimensat(fd, NULL path, NOFOLLOW): %s\n",
           outcome(syscall(SYS_utimensat, fd, NULL, set, AT_SYMLINK_NOFOLLOW)));
    printf("raw utimensat(AT_FDCWD, NULL path): %s\n", outcome(syscall(SYS_utimensat, AT_FDCWD, NULL, set, 0)));
    printf("utimensat(fd, \"\", AT_EMPTY_PATH): %d\n", utimensat(fd, "", set, AT_EMPTY_PATH));
    printf("utimensat(\"\") without AT_EMPTY_PATH: %s\n", outcome(utimensat(AT_FDCWD, "", set, 0)));
    printf("utimensat(missing): %s\n", outcome(utimensat(AT_FDCWD, "missing", set, 0)));
    struct timespec omit_both[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
    printf("utimensat(missing, both omitted): %d\n", utimensat(AT_FDCWD, "missing", omit_both, 0));
    struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
    printf("utimensat(bad nanoseconds): %s\n", outcome(utimensat(AT_FDCWD, "stamp", bad, 0)));
    printf("utimensat(bad flags): %s\n", outcome(utimensat(AT_FDCWD, "stamp", set, 0x1)));
    printf("futimens(bad fd): %s\n", outcome(futimens(99, set)));
    mkdir("dir", 0755);
    printf("utimensat(directory): %d\n", utimensat(AT_FDCWD, "dir", set, 0));
    stat("dir", &st);
    print_times("directory", &st);
    unlink("stamp-link");
    close(fd);
}

static void test_statfs(void)
{
    struct statfs by_path, by_fd;
    int fd = open("stamp", O_RDONLY);
    printf("sizeof(struct statfs): %zu\n", sizeof(struct statfs));
    printf("statfs(.): %d, fstatfs: %d\n", statfs(".", &by_path), fstatfs(fd, &by_fd));
    printf("same filesystem: type %d, fsid %d, block size %d\n", by_path.f_type == by_fd.f_type,
           memcmp(&by_path.f_fsid, &by_fd.f_fsid, sizeof by_fd.f_fsid) == 0, by_path.f_bsize == by_fd.f_bsize);
    printf("plausible: bsize>0 %d, frsize>0 %d, free<=blocks %d, avail<=free %d, namelen>0 %d\n", by_path.f_bsize > 0,
           by_path.f_frsize > 0, by_path.f_bfree <= by_path.f_blocks, by_path.f_bavail <= by_path.f_bfree,
           by_path.f_namelen > 0);
    printf("statfs(missing/x): %s\n", outcome(statfs("missing/x", &by_path)));
    printf("fstatfs(bad fd): %s\n", outcome(fstatfs(99, &by_fd)));
    printf("statfs(bad buffer) raw: %s\n", outcome(syscall(SYS_statfs, ".", (void *)8)));
    close(fd);
}

static void test_fadvise(void)
{
    int fd = open("stamp", O_RDONLY);
    int pipes[2];
    pipe(pipes);
    printf("fadvise SEQUENTIAL: %s\n", advice_outcome(posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)));
    printf("fadvise DONTNEED: %s\n", advice_outcome(posix_fadvise(fd, 0, 4096, POSIX_FADV_DONTNEED)));
    printf("fadvise(bad fd): %s\n", advice_outcome(posix_fadvise(99, 0, 0, POSIX_FADV_NORMAL)));
    printf("fadvise(bad advice): %s\n", advice_outcome(posix_fadvise(fd, 0, 0, 99)));
    printf("fadvise(negative length): %s\n", advice_outcome(posix_fadvise(fd, 0, -1, POSIX_FADV_NORMAL)));
    printf("fadvise(pipe): %s\n", advice_outcome(posix_fadvise(pipes[0], 0, 0, POSIX_FADV_NORMAL)));
    close(pipes[0]);
    close(pipes[1]);
    close(fd);
}

static void test_ppoll(void)
{
    int fd = open("stamp", O_RDWR);
    int pipes[2];
    pipe(pipes);
    struct timespec zero = { 0, 0 };
    struct pollfd fds[4] = {
        { pipes[0], POLLIN, 0 }, { pipes[1], POLLOUT, 0 }, { fd, POLLIN | POLLOUT, 0 }, { -1, POLLIN, 0 },
    };
    int ready = ppoll(fds, 4, &zero, NULL);
    printf("ppoll: %d revents %#x %#x %#x %#x\n", ready, fds[0].revents, fds[1].revents, fds[2].revents, fds[3].revents);
    write(pipes[1], "x", 1);
    ready = ppoll(fds, 4, &zero, NULL);
    printf("ppoll after a write: %d revents %#x\n", ready, fds[0].revents);
    struct pollfd closed[2] = { { 77, POLLIN, 0 }, { pipes[1], POLLOUT, 0 } };
    ready = ppoll(closed, 2, NULL, NULL);
    printf("ppoll(closed fd, no timeout): %d revents %#x %#x\n", ready, closed[0].revents, closed[1].revents);

    char byte;
    read(pipes[0], &byte, 1);
    struct timespec wait = { 0, 40 * 1000000 };
    double start = now();
    ready = ppoll(fds, 1, &wait, NULL);
    printf("ppoll(empty pipe, 40 ms): %d, waited %d\n", ready, now() - start >= 0.039);
    printf("poll(empty pipe, 0): %d\n", poll(fds, 1, 0));

    struct timespec left = { 0, 50 * 1000000 };
    ready = syscall(SYS_ppoll, fds, 1, &left, NULL, 8);
    printf("raw ppoll timeout left after timing out: %d %lld.%09ld\n", ready, (long long)left.tv_sec, left.tv_nsec);
    left.tv_sec = 5;
    left.tv_nsec = 0;
    ready = syscall(SYS_ppoll, &fds[1], 1, &left, NULL, 8);
    printf("raw ppoll timeout left when ready: %d %d\n", ready, left.tv_sec >= 4 && left.tv_sec <= 5);

    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    printf("ppoll with a mask: %d\n", ppoll(&fds[1], 1, &zero, &mask));
    printf("raw ppoll(mask size 4): %s\n", outcome(syscall(SYS_ppoll, fds, 1, &zero, &mask, 4)));
    struct timespec bad = { 0, 1000000000 };
    printf("ppoll(bad timeout): %s\n", outcome(ppoll(fds, 1, &bad, NULL)));
    printf("raw ppoll(negative timeout): %s\n", outcome(syscall(SYS_ppoll, fds, 1, &(struct timespec){ -1, 0 }, NULL, 8)));
    printf("raw ppoll(bad array): %s\n", outcome(syscall(SYS_ppoll, (struct pollfd *)8, 1, &zero, NULL, 8)));

    close(pipes[1]);
    ready = ppoll(fds, 1, &zero, NULL);
    printf("ppoll after the writer closed: %d revents %#x\n", ready, fds[0].revents);
    close(pipes[0]);
    close(fd);
}

static void test_pselect(void)
{
    int fd = open("stamp", O_RDWR);
    int pipes[2];
    pipe(pipes);
    int top = (fd > pipes[1] ? fd : pipes[1]) + 1;
    fd_set in, out, ex;
    struct timespec zero = { 0, 0 };

    FD_ZERO(&in);
    FD_ZERO(&out);
    FD_ZERO(&ex);
    FD_SET(pipes[0], &in);
    FD_SET(fd, &in);
    FD_SET(pipes[1], &out);
    FD_SET(fd, &ex);
    int ready = pselect(top, &in, &out, &ex, &zero, NULL);
    printf("pselect: %d, pipe readable %d, file readable %d, pipe writable %d, file exceptional %d\n", ready,
           FD_ISSET(pipes[0], &in), FD_ISSET(fd, &in), FD_ISSET(pipes[1], &out), FD_ISSET(fd, &ex));

    write(pipes[1], "y", 1);
    FD_ZERO(&in);
    FD_SET(pipes[0], &in);
    sigset_t mask;
    sigemptyset(&mask);
    ready = pselect(top, &in, NULL, NULL, &zero, &mask);
    printf("pselect after a write, with a mask: %d, pipe readable %d\n", ready, FD_ISSET(pipes[0], &in));

    char byte;
    read(pipes[0], &byte, 1);
    FD_ZERO(&in);
    FD_SET(pipes[0], &in);
    struct timeval tv = { 0, 40000 };
    double start = now();
    ready = select(top, &in, NULL, NULL, &tv);
    printf("select(empty pipe, 40 ms): %d, waited %d, set cleared %d\n", ready, now() - start >= 0.039,
           !FD_ISSET(pipes[0], &in));

    FD_ZERO(&in);
    FD_SET(60, &in);
    printf("pselect(closed fd): %s\n", outcome(pselect(61, &in, NULL, NULL, &zero, NULL)));
    printf("pselect(negative count): %s\n", outcome(pselect(-1, NULL, NULL, NULL, &zero, NULL)));
    struct timespec bad = { 0, -5 };
    printf("pselect(bad timeout): %s\n", outcome(pselect(top, NULL, NULL, NULL, &bad, NULL)));
    struct { const sigset_t *set; size_t size; } pack = { &mask, 4 };
    printf("raw pselect6(mask size 4): %s\n", outcome(syscall(SYS_pselect6, top, NULL, NULL, NULL, &zero, &pack)));
    printf("raw pselect6(bad set): %s\n", outcome(syscall(SYS_pselect6, top, (void *)8, NULL, NULL, &zero, NULL)));
    struct timespec left = { 0, 30 * 1000000 };
    ready = syscall(SYS_pselect6, 0, NULL, NULL, NULL, &left, NULL);
    printf("raw pselect6(nothing, 30 ms): %d left %lld.%09ld\n", ready, (long long)left.tv_sec, left.tv_nsec);
    close(pipes[0]);
    close(pipes[1]);
    close(fd);
}

static void test_prctl(void)
{
    char name[32] = { 0 };
    printf("PR_GET_NAME: %d, length 1..15 %d\n", prctl(PR_GET_NAME, name), strlen(name) >= 1 && strlen(name) <= 15);
    printf("PR_SET_NAME: %d\n", prctl(PR_SET_NAME, "a-rather-long-process-name"));
    memset(name, 'z', sizeof name);
    printf("PR_GET_NAME: %d \"%s\" (NUL at 15: %d)\n", prctl(PR_GET_NAME, name), name, name[15] == 0);
    prctl(PR_SET_NAME, "short");
    prctl(PR_GET_NAME, name);
    printf("PR_GET_NAME after a short name: \"%s\"\n", name);
    printf("PR_GET_NAME(bad buffer): %s\n", outcome(prctl(PR_GET_NAME, (char *)8)));
    printf("PR_SET_NAME(bad buffer): %s\n", outcome(prctl(PR_SET_NAME, (char *)8)));
    printf("PR_GET_DUMPABLE: %d\n", prctl(PR_GET_DUMPABLE));
    printf("PR_SET_DUMPABLE 0: %d, now %d\n", prctl(PR_SET_DUMPABLE, 0), prctl(PR_GET_DUMPABLE));
    printf("PR_SET_DUMPABLE 1: %d, now %d\n", prctl(PR_SET_DUMPABLE, 1), prctl(PR_GET_DUMPABLE));
    printf("PR_SET_DUMPABLE 2: %s\n", outcome(prctl(PR_SET_DUMPABLE, 2)));
    int signal = -1;
    printf("PR_GET_PDEATHSIG: %d, %d\n", prctl(PR_GET_PDEATHSIG, &signal), signal);
    printf("PR_SET_PDEATHSIG SIGUSR1: %d\n", prctl(PR_SET_PDEATHSIG, SIGUSR1));
    printf("PR_GET_PDEATHSIG: %d, %d\n", prctl(PR_GET_PDEATHSIG, &signal), signal);
    printf("PR_SET_PDEATHSIG 99: %s\n", outcome(prctl(PR_SET_PDEATHSIG, 99)));
    printf("PR_SET_PDEATHSIG 0: %d\n", prctl(PR_SET_PDEATHSIG, 0));
    printf("PR_GET_PDEATHSIG(bad pointer): %s\n", outcome(prctl(PR_GET_PDEATHSIG, (int *)8)));
    printf("prctl(unknown): %s\n", outcome(prctl(0x7fff1234, 0, 0, 0, 0)));
}

static void test_memfd(void)
{
    int fd = memfd_create("scratch", MFD_CLOEXEC);
    printf("memfd_create: valid %d, FD_CLOEXEC %d\n", fd >= 3, fcntl(fd, F_GETFD) == FD_CLOEXEC);
    printf("write: %zd\n", write(fd, "hello memfd", 11));
    char text[32] = { 0 };
    printf("lseek: %ld, read: %zd \"%s\"\n", (long)lseek(fd, 0, SEEK_SET), read(fd, text, sizeof text - 1), text);
    printf("ftruncate 8192: %d\n", ftruncate(fd, 8192));
    struct stat st;
    fstat(fd, &st);
    printf("fstat: regular %d size %lld links %lu\n", S_ISREG(st.st_mode), (long long)st.st_size,
           (unsigned long)st.st_nlink);
    char *map = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
    printf("mmap: %d \"%.11s\" tail zero %d\n", map != MAP_FAILED, map, map[8191] == 0);
    munmap(map, 8192);
    printf("pread after truncate: %zd\n", pread(fd, text, 4, 8190));
    close(fd);

    fd = memfd_create("plain", 0);
    printf("memfd_create(0): FD_CLOEXEC %d\n", fcntl(fd, F_GETFD));
    close(fd);
    char longest[251];
    memset(longest, 'n', 249);
    longest[249] = 0;
    fd = memfd_create(longest, 0);
    printf("memfd_create(249-byte name): %d\n", fd >= 0);
    close(fd);
    longest[249] = 'n';
    longest[250] = 0;
    printf("memfd_create(250-byte name): %s\n", outcome(memfd_create(longest, 0)));
    printf("memfd_create(bad flags): %s\n", outcome(memfd_create("x", 0x100)));
    printf("memfd_create(bad name): %s\n", outcome(syscall(SYS_memfd_create, (char *)8, 0)));
}

static void test_sync(void)
{
    int fd = open("stamp", O_RDONLY);
    sync();
    printf("sync: done\n");
    printf("syncfs: %d\n", syncfs(fd));
    printf("syncfs(bad fd): %s\n", outcome(syncfs(99)));
    mode_t old = umask(027);
    printf("umask: previous restored %03o\n", umask(old));
    close(fd);
}

int main(void)
{
    test_times();
    test_priority();
    test_groups();
    test_flock();
    test_utimensat();
    test_statfs();
    test_fadvise();
    test_ppoll();
    test_pselect();
    test_prctl();
    test_memfd();
    test_sync();
    return 0;
}
