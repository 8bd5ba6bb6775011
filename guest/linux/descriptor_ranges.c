/* preadv and pwritev, close_range, eventfd, fallocate, mincore, sched_setaffinity and waiting with no children,
   with their error cases. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outcome.h"

static void test_vectors(void)
{
    int fd = open("vectors.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd, "0123456789", 10);
    char a[4] = { 0 }, b[5] = { 0 };
    struct iovec in[2] = { { a, 3 }, { b, 4 } };
    printf("preadv at 2: %s \"%s\" \"%s\"\n", outcome(preadv(fd, in, 2, 2)), a, b);
    printf("position unmoved: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    struct iovec out[2] = { { "AB", 2 }, { "CDE", 3 } };
    printf("pwritev at 12 (past the end): %s\n", outcome(pwritev(fd, out, 2, 12)));
    char all[32] = { 0 };
    ssize_t got = pread(fd, all, sizeof all - 1, 0);
    printf("file now %zd bytes, a hole at 10: %d %d, then \"%s\"\n", got, all[10], all[11], all + 12);
    printf("preadv negative offset: %s\n", outcome(preadv(fd, in, 2, -1)));
    printf("preadv bad fd: %s\n", outcome(preadv(99, in, 2, 0)));
    close(fd);
}

static void test_close_range(void)
{
    int first = open("/dev/null", O_RDONLY);
    int second = dup(first), third = dup(first);
    printf("three descriptors in a row: %d\n", second == first + 1 && third == first + 2);
    printf("close_range cloexec on the middle: %s, flags %d\n", outcome(close_range(second, second, CLOSE_RANGE_CLOEXEC)),
           fcntl(second, F_GETFD));
    printf("close_range all three: %s\n", outcome(close_range(first, third, 0)));
    printf("closed: %d %d %d\n", fcntl(first, F_GETFD) == -1 && errno == EBADF, fcntl(second, F_GETFD) == -1,
           fcntl(third, F_GETFD) == -1);
    printf("close_range to ~0 from a free number: %s\n", outcome(close_range(first, ~0U, 0)));
    printf("close_range first > last: %s\n", outcome(close_range(5, 4, 0)));
    printf("close_range bad flags: %s\n", outcome(close_range(first, first, 0x10)));
}

static void test_eventfd(void)
{
    int fd = eventfd(3, EFD_NONBLOCK);
    uint64_t value = 0;
    printf("eventfd read: %s value %llu\n", outcome(read(fd, &value, 8)), (unsigned long long)value);
    printf("read again (empty, nonblocking): %s\n", outcome(read(fd, &value, 8)));
    value = 5;
    printf("write 5: %s\n", outcome(write(fd, &value, 8)));
    value = 2;
    write(fd, &value, 8);
    printf("read sums: %s value %llu\n", outcome(read(fd, &value, 8)), (unsigned long long)value);
    printf("short read: %s\n", outcome(read(fd, &value, 4)));
    close(fd);
    int semaphore = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC);
    read(semaphore, &value, 8);
    printf("semaphore reads 1: %llu, cloexec %d\n", (unsigned long long)value, fcntl(semaphore, F_GETFD));
    close(semaphore);
    printf("eventfd bad flags: %s\n", outcome(syscall(SYS_eventfd2, 0, 0x2)));
}

static void test_fallocate(void)
{
    int fd = open("allocated.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
    struct stat st;
    printf("fallocate 8192: %s\n", outcome(fallocate(fd, 0, 0, 8192)));
    fstat(fd, &st);
    printf("size %lld\n", (long long)st.st_size);
    printf("fallocate keep size past the end: %s\n", outcome(fallocate(fd, FALLOC_FL_KEEP_SIZE, 8192, 4096)));
    fstat(fd, &st);
    printf("size still %lld\n", (long long)st.st_size);
    printf("fallocate zero length: %s\n", outcome(fallocate(fd, 0, 0, 0)));
    printf("fallocate bad fd: %s\n", outcome(fallocate(99, 0, 0, 10)));
    close(fd);
}

static void test_mincore_affinity_wait(void)
{
    char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(p, 1, 3 * 4096);
    unsigned char vec[3] = { 9, 9, 9 };
    printf("mincore of touched pages: %s %d %d %d\n", outcome(mincore(p, 3 * 4096, vec)), vec[0] & 1, vec[1] & 1, vec[2] & 1);
    printf("mincore unaligned: %s\n", outcome(mincore(p + 1, 4096, vec)));
    munmap(p + 4096, 4096);
    printf("mincore over a hole: %s\n", outcome(mincore(p, 3 * 4096, vec)));

    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(0, &set);
    printf("sched_setaffinity to CPU 0: %s\n", outcome(sched_setaffinity(0, sizeof set, &set)));
    CPU_ZERO(&set);
    printf("sched_setaffinity to no CPU: %s\n", outcome(sched_setaffinity(0, sizeof set, &set)));

    int status;
    printf("wait: %s\n", outcome(wait(&status)));
    printf("waitpid WNOHANG: %s\n", outcome(waitpid(-1, &status, WNOHANG)));
    printf("wait4 bad options: %s\n", outcome(wait4(-1, &status, 0x100, NULL)));
    siginfo_t info;
    printf("waitid P_ALL WEXITED: %s\n", outcome(waitid(P_ALL, 0, &info, WEXITED)));
    printf("waitid without a state: %s\n", outcome(waitid(P_ALL, 0, &info, WNOHANG)));
}

int main(void)
{
    test_vectors();
    test_close_range();
    test_eventfd();
    test_fallocate();
    test_mincore_affinity_wait();
    return 0;
}
