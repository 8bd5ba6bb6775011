/* /init of the test initramfs: exercises what a kernel port must get right on the emulated hart (page faults,
 * signals, fork, exec, pipes, timers, FPU state across context switches, copies between user and kernel memory)
 * and powers off. Its "init:" lines must be the same under QEMU and rvt, so it prints no pids, times or addresses. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void print_file_line(const char *path, const char *key)
{
    FILE *f = fopen(path, "r");
    char line[256];
    if (!f) { printf("init: cannot open %s\n", path); return; }
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, strlen(key)) == 0) printf("init: %s %s", path, line);
    fclose(f);
}

static int wait_status(pid_t child, const char *what)
{
    int status = 0;
    if (waitpid(child, &status, 0) != child) { printf("init: %s: waitpid failed\n", what); return -1; }
    if (WIFEXITED(status)) printf("init: %s exited with %d\n", what, WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) printf("init: %s killed by signal %d\n", what, WTERMSIG(status));
    return status;
}

/* Each process computes its own series; a context switch that loses FP registers changes the result. */
static double series(int seed)
{
    double sum = 0;
    for (int i = 1; i <= 200000; i++) sum += 1.0 / ((double)i * i + seed);
    return sum;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "exec-child") == 0) {
        printf("init: exec'd with argument %s, environment TEST=%s\n", argv[1], getenv("TEST"));
        return 42;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("init: hello from userspace\n");
    mkdir("/proc", 0555);
    if (mount("proc", "/proc", "proc", 0, NULL) != 0) printf("init: mount /proc failed\n");
    print_file_line("/proc/cpuinfo", "isa");
    print_file_line("/proc/cpuinfo", "mmu");

    unsigned long long sum = 0;
    for (unsigned long long i = 1; i <= 10000000ULL; i++) sum += i;
    printf("init: sum of 1..10^7 = %llu\n", sum);

    /* Anonymous memory: 4 MiB touched page by page (page faults), then read back. */
    size_t size = 4 << 20;
    unsigned char *block = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (size_t i = 0; i < size; i += 4096) block[i] = (unsigned char)(i >> 12);
    unsigned long check = 0;
    for (size_t i = 0; i < size; i += 4096) check += block[i];
    printf("init: 1024 pages touched, checksum %lu\n", check);
    munmap(block, size);

    /* A child that faults: the kernel turns its page fault into SIGSEGV. */
    pid_t child = fork();
    if (child == 0) { int *volatile bad = (int *)16; *bad = 1; _exit(0); }
    wait_status(child, "faulting child");

    /* A pipe between two processes: the kernel copies to and from user memory on both sides. */
    int fds[2];
    pipe(fds);
    child = fork();
    if (child == 0) {
        close(fds[0]);
        char message[4096];
        for (int i = 0; i < 64; i++) {
            memset(message, 'a' + i % 26, sizeof message);
            write(fds[1], message, sizeof message);
        }
        _exit(7);
    }
    close(fds[1]);
    char buffer[1000];
    long total = 0, letters = 0;
    for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) {
        total += n;
        for (ssize_t i = 0; i < n; i++) letters += buffer[i] - 'a';
    }
    close(fds[0]);
    printf("init: read %ld bytes through a pipe, letter sum %ld\n", total, letters);
    wait_status(child, "pipe writer");

    /* FP state kept across context switches: parent and child compute at once, with a sleep in between. */
    child = fork();
    if (child == 0) {
        double mine = series(3);
        struct timespec nap = { 0, 5 * 1000 * 1000 };
        nanosleep(&nap, NULL);
        _exit(mine == series(3) ? 0 : 1);
    }
    double mine = series(5);
    printf("init: parent series %.12f, FP child %s\n", mine, wait_status(child, "FP child") == 0 ? "agreed" : "disagreed");

    /* Time passes across a sleep. */
    struct timespec before, after, nap = { 0, 20 * 1000 * 1000 };
    clock_gettime(CLOCK_MONOTONIC, &before);
    nanosleep(&nap, NULL);
    clock_gettime(CLOCK_MONOTONIC, &after);
    double slept = (after.tv_sec - before.tv_sec) + (after.tv_nsec - before.tv_nsec) / 1e9;
    printf("init: nanosleep of 20 ms took at least 20 ms: %d\n", slept >= 0.02);

    /* exec of this program. */
    child = fork();
    if (child == 0) {
        char *args[] = { "/init", "exec-child", NULL };
        char *env[] = { "TEST=yes", NULL };
        execve("/init", args, env);
        _exit(127);
    }
    wait_status(child, "exec'd child");

    printf("init: powering off\n");
    sync();
    reboot(RB_POWER_OFF);
    printf("init: still running after reboot()\n");
    return 1;
}
