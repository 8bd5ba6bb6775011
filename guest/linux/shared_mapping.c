/* MAP_SHARED file mappings: stores through the mapping reach the file (read() sees them) and writes to the file
   reach the mapping, two mappings of one file see each other, the bytes outlive munmap and close, mremap grows and
   moves a mapping with the file, mprotect follows the descriptor's access mode, MADV_DONTNEED keeps the file's
   bytes, and a memfd shared mapping works too. The error cases are Linux's. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "outcome.h"

#define PAGE 4096

static const char *map_outcome(void *p)
{
    static char text[64];
    if (p == MAP_FAILED)
        snprintf(text, sizeof text, "MAP_FAILED %s", strerrorname_np(errno));
    else
        snprintf(text, sizeof text, "mapped");
    return text;
}

static void show_file(int fd, long offset, int length)
{
    char buffer[64] = { 0 };
    ssize_t got = pread(fd, buffer, length, offset);
    printf("file at %ld: %zd \"%s\"\n", offset, got, buffer);
}

int main(void)
{
    int fd = open("shared.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
    printf("ftruncate to 3 pages: %s\n", outcome(ftruncate(fd, 3 * PAGE)));
    char *map = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("mmap shared rw: %s\n", map_outcome(map));

    strcpy(map, "stored through the mapping");
    strcpy(map + 2 * PAGE + 100, "third page");
    show_file(fd, 0, 26);
    show_file(fd, 2 * PAGE + 100, 10);

    pwrite(fd, "WRITTEN", 7, 8);
    printf("mapping after pwrite: \"%.26s\"\n", map);
    char buffer[32];
    lseek(fd, 0, SEEK_SET);
    printf("read through the descriptor: %zd\n", read(fd, buffer, 26));
    printf("file position untouched by mapping: %ld\n", (long)lseek(fd, 0, SEEK_CUR));

    char *second = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PAGE);
    printf("second mapping of page 1: %s\n", map_outcome(second));
    if (second != MAP_FAILED) { /* refused under rvt's --difftest */
        strcpy(second, "via second");
        printf("first mapping sees it: \"%s\"\n", map + PAGE);
    }

    /* read() into a shared mapping writes the file. */
    int source = open("source.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(source, "from read()", 11);
    lseek(source, 0, SEEK_SET);
    printf("read into the mapping: %zd\n", read(source, map + 50, 11));
    show_file(fd, 50, 11);
    close(source);

    printf("msync: %s\n", outcome(msync(map, 3 * PAGE, MS_SYNC)));
    printf("madvise DONTNEED: %s, bytes kept: \"%.10s\"\n", outcome(madvise(map, PAGE, MADV_DONTNEED)), map);

    /* Growing moves the mapping (the second one sits after it or not): the file's pages come along. */
    printf("grow the file to 5 pages: %s\n", outcome(ftruncate(fd, 5 * PAGE)));
    pwrite(fd, "page four", 9, 4 * PAGE);
    char *grown = mremap(map, 3 * PAGE, 5 * PAGE, MREMAP_MAYMOVE);
    printf("mremap to 5 pages: %s\n", map_outcome(grown));
    printf("old bytes: \"%.10s\", new page: \"%s\"\n", grown, grown + 4 * PAGE);
    strcpy(grown + 3 * PAGE, "grown page");
    show_file(fd, 3 * PAGE, 10);
    printf("munmap: %s\n", outcome(munmap(grown, 5 * PAGE)));
    printf("munmap the second: %s\n", outcome(munmap(second, PAGE)));
    close(fd);

    fd = open("shared.dat", O_RDONLY);
    show_file(fd, 0, 26);
    printf("shared rw of a read-only descriptor: %s\n",
           map_outcome(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)));
    char *readonly = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
    printf("shared read-only: %s \"%.10s\"\n", map_outcome(readonly), readonly);
    printf("mprotect it writable: %s\n", outcome(mprotect(readonly, PAGE, PROT_READ | PROT_WRITE)));
    printf("private rw of a read-only descriptor: %s\n",
           map_outcome(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0)));
    close(fd);
    printf("mapping outlives close: \"%.10s\"\n", readonly);
    munmap(readonly, PAGE);

    int write_only = open("shared.dat", O_WRONLY);
    printf("shared of a write-only descriptor: %s\n",
           map_outcome(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, write_only, 0)));
    close(write_only);

    /* Shrinking the file under a mapping: stores before still reach it. */
    fd = open("shared.dat", O_RDWR);
    char *whole = mmap(NULL, 5 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("map 5 pages again: %s, page four: \"%s\"\n", map_outcome(whole), whole + 4 * PAGE);
    printf("shrink to one page and a bit: %s\n", outcome(ftruncate(fd, PAGE + 10)));
    strcpy(whole + PAGE, "0123456789");
    show_file(fd, PAGE, 20);
    munmap(whole, 5 * PAGE);
    close(fd);

    int memory = memfd_create("shared", 0);
    ftruncate(memory, PAGE);
    char *a = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, memory, 0);
    char *b = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, memory, 0);
    strcpy(a, "memfd views agree");
    if (b != MAP_FAILED) /* refused under rvt's --difftest */
        printf("memfd: second view \"%s\"\n", b);
    close(memory);
    return 0;
}
