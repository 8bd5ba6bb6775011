/* A shared file mapping past its file's end: a page wholly past the end at mmap time, or after the file shrinks under
   the mapping, gives SIGBUS (BUS_ADRERR) when touched, while the partial last page reads zeros after the end.
   With "handler", a SIGBUS handler reports the code and the faulting offset; without, the signal ends the program. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096

static char *base;

static void on_bus(int signal, siginfo_t *info, void *context)
{
    (void)context;
    printf("signal %d code %d at offset %ld\n", signal, info->si_code, (long)((char *)info->si_addr - base));
    fflush(stdout);
    _exit(3);
}

int main(int argc, char **argv)
{
    int shrink = argc > 1 && strcmp(argv[1], "shrink") == 0;
    if (argc > 2 && strcmp(argv[2], "handler") == 0) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = on_bus;
        action.sa_flags = SA_SIGINFO;
        sigaction(SIGBUS, &action, NULL);
    }
    int fd = open("end.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
    ftruncate(fd, shrink ? 3 * PAGE : PAGE + 100);
    base = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("mapped %d\n", base != MAP_FAILED);
    base[PAGE + 99] = 'x';
    printf("last byte of the file: %c, after it: %d\n", base[PAGE + 99], base[PAGE + 100]);
    if (shrink) {
        base[2 * PAGE] = 'y';
        printf("shrink: %d\n", ftruncate(fd, PAGE + 100));
    }
    printf("mprotect over it: %d\n", mprotect(base, 3 * PAGE, PROT_READ | PROT_WRITE)); /* still SIGBUS after */
    fflush(stdout);
    base[2 * PAGE + 8] = 'z';
    printf("not reached\n");
    return 0;
}
