/* A file mapped read-only with mmap, compared with read(); mapping past the end gives zeros. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
    int fd = open("mapped.txt", O_CREAT | O_TRUNC | O_RDWR, 0644);
    char line[64];
    for (int i = 0; i < 500; i++) {
        int length = snprintf(line, sizeof line, "record %04d of the mapped file\n", i);
        write(fd, line, length);
    }
    struct stat st;
    fstat(fd, &st);
    size_t size = st.st_size;
    char *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    printf("mapped %zu bytes: %s\n", size, map == MAP_FAILED ? "failed" : "ok");
    char *copy = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    pread(fd, copy, size, 0);
    printf("mapping equals file: %d\n", memcmp(map, copy, size) == 0);
    printf("record 250: %.30s\n", map + 250 * 31);
    size_t page = 4096;
    int zero_tail = 1;
    for (size_t i = size; i < (size + page - 1) / page * page; i++) zero_tail &= map[i] == 0;
    printf("tail of last page zero: %d\n", zero_tail);
    char *offset_map = mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, page);
    printf("offset mapping starts at byte 4096: %d\n", memcmp(offset_map, copy + page, 16) == 0);
    munmap(offset_map, page);
    munmap(map, size);
    munmap(copy, size);
    close(fd);
    unlink("mapped.txt");
    return 0;
}
