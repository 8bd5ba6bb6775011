/* Files inside the root: create, write, read back, seek, pread/pwrite, truncate, stat, statx, rename and unlink. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void check(int ok, const char *what)
{
    printf("%-28s %s\n", what, ok ? "ok" : strerror(errno));
}

int main(void)
{
    const char *text = "line one\nline two\nline three\n";
    int fd = open("data.txt", O_CREAT | O_TRUNC | O_WRONLY, 0644);
    check(fd >= 0, "open for writing");
    check(write(fd, text, strlen(text)) == (ssize_t)strlen(text), "write");
    check(close(fd) == 0, "close");

    fd = open("data.txt", O_RDWR);
    char buffer[64] = { 0 };
    ssize_t got = read(fd, buffer, sizeof buffer - 1);
    printf("read %zd bytes: %.8s...\n", got, buffer);
    off_t end = lseek(fd, 0, SEEK_END);
    off_t middle = lseek(fd, 5, SEEK_SET);
    printf("size by lseek=%lld, seek to %lld\n", (long long)end, (long long)middle);
    memset(buffer, 0, sizeof buffer);
    read(fd, buffer, 3);
    printf("after seek: \"%s\" now at %lld\n", buffer, (long long)lseek(fd, 0, SEEK_CUR));
    check(pwrite(fd, "TWO", 3, 14) == 3, "pwrite");
    memset(buffer, 0, sizeof buffer);
    check(pread(fd, buffer, 8, 9) == 8, "pread");
    printf("pread: \"%s\"\n", buffer);
    struct stat st;
    check(fstat(fd, &st) == 0, "fstat");
    printf("regular=%d size=%lld mode=%o\n", S_ISREG(st.st_mode), (long long)st.st_size, st.st_mode & 0777);
    check(ftruncate(fd, 8) == 0, "ftruncate");
    check(fsync(fd) == 0, "fsync");
    check(fstat(fd, &st) == 0 && st.st_size == 8, "size after truncate is 8");
    close(fd);

    check(rename("data.txt", "renamed.txt") == 0, "rename");
    check(access("data.txt", F_OK) != 0 && errno == ENOENT, "old name gone");
    check(access("renamed.txt", R_OK | W_OK) == 0, "access new name");
    check(stat("renamed.txt", &st) == 0 && st.st_size == 8, "stat new name");
    struct statx sx;
    check(statx(AT_FDCWD, "renamed.txt", 0, STATX_SIZE | STATX_MODE, &sx) == 0, "statx");
    printf("statx: size=%llu regular=%d mask has size=%d\n", (unsigned long long)sx.stx_size, S_ISREG(sx.stx_mode),
           (sx.stx_mask & STATX_SIZE) != 0);
    check(statx(AT_FDCWD, "missing.txt", 0, STATX_SIZE, &sx) != 0 && errno == ENOENT, "statx missing fails ENOENT");
    check(open("missing.txt", O_RDONLY) < 0 && errno == ENOENT, "open missing fails ENOENT");
    check(open("renamed.txt", O_CREAT | O_EXCL | O_WRONLY, 0600) < 0 && errno == EEXIST, "O_EXCL on existing fails");
    fd = open("renamed.txt", O_WRONLY | O_APPEND);
    write(fd, "+more", 5);
    close(fd);
    FILE *f = fopen("renamed.txt", "r");
    memset(buffer, 0, sizeof buffer);
    fgets(buffer, sizeof buffer, f);
    fclose(f);
    printf("appended: \"%s\"\n", buffer);
    check(unlink("renamed.txt") == 0, "unlink");
    check(unlink("renamed.txt") != 0 && errno == ENOENT, "second unlink fails ENOENT");
    check(close(1000) != 0 && errno == EBADF, "close bad fd fails EBADF");
    return 0;
}
