/* A directory with hundreds of entries (several getdents64 calls), and a megabyte written and read back. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILES 400

int main(void)
{
    mkdir("many", 0755);
    for (int i = 0; i < FILES; i++) {
        char name[64];
        snprintf(name, sizeof name, "many/entry-with-a-longish-name-%04d.txt", i);
        close(open(name, O_CREAT | O_WRONLY, 0644));
    }
    DIR *dir = opendir("many");
    int count = 0, dots = 0;
    long sum = 0;
    for (struct dirent *e; (e = readdir(dir));) {
        if (e->d_name[0] == '.') { dots++; continue; }
        count++;
        sum += atoi(e->d_name + strlen("entry-with-a-longish-name-"));
    }
    closedir(dir);
    printf("entries=%d dots=%d index sum=%ld (expected %d)\n", count, dots, sum, FILES * (FILES - 1) / 2);

    enum { SIZE = 1 << 20 };
    unsigned char *data = malloc(SIZE), *back = malloc(SIZE);
    for (int i = 0; i < SIZE; i++) data[i] = (unsigned char)(i * 7 + i / 4096);
    int fd = open("many/big.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
    printf("write 1 MiB: %zd\n", write(fd, data, SIZE));
    lseek(fd, 0, SEEK_SET);
    ssize_t total = 0;
    for (ssize_t got; (got = read(fd, back + total, 65536)) > 0;) total += got;
    printf("read back %zd bytes, equal: %d\n", total, memcmp(data, back, SIZE) == 0);
    close(fd);
    unlink("many/big.bin");
    for (int i = 0; i < FILES; i++) {
        char name[64];
        snprintf(name, sizeof name, "many/entry-with-a-longish-name-%04d.txt", i);
        unlink(name);
    }
    printf("rmdir: %d\n", rmdir("many"));
    fwrite(data, 1, SIZE / 4, stdout); /* a large binary write to stdout */
    printf("\nend\n");
    return 0;
}
