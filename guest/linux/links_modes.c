/* Symbolic and hard links, permission bits, truncation by path, and FIFOs and files made by mknod, inside the root. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
    int fd = open("target.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    write(fd, "0123456789", 10);
    printf("symlink: %d\n", symlink("target.txt", "link.txt"));
    char text[64] = { 0 };
    printf("readlink: %zd \"%s\"\n", readlink("link.txt", text, sizeof text - 1), text);
    struct stat st, lst;
    stat("link.txt", &st);
    lstat("link.txt", &lst);
    printf("stat follows (size %lld, regular %d); lstat does not (symlink %d)\n", (long long)st.st_size,
           S_ISREG(st.st_mode), S_ISLNK(lst.st_mode));
    printf("link: %d\n", link("target.txt", "hard.txt"));
    stat("target.txt", &st);
    printf("nlink after hard link: %lu\n", (unsigned long)st.st_nlink);
    printf("chmod 0600: %d\n", chmod("target.txt", 0600));
    stat("hard.txt", &st);
    printf("mode seen through the hard link: %o\n", st.st_mode & 0777);
    printf("fchmod 0640: %d\n", fchmod(fd, 0640));
    fstat(fd, &st);
    printf("mode now: %o\n", st.st_mode & 0777);
    close(fd);
    printf("truncate via symlink to 4: %d\n", truncate("link.txt", 4));
    stat("target.txt", &st);
    printf("size now: %lld\n", (long long)st.st_size);
    printf("symlink over existing: %d %s\n", symlink("x", "hard.txt"), strerror(errno));
    printf("dangling symlink: %d, open it: %d %s\n", symlink("nowhere.txt", "dangling"), open("dangling", O_RDONLY),
           strerror(errno));
    unlink("dangling");
    unlink("link.txt");
    unlink("hard.txt");
    printf("target survives unlink of its links: %d\n", access("target.txt", F_OK) == 0);
    unlink("target.txt");

    mode_t mask = umask(022);
    printf("mkfifo: %d\n", mkfifo("fifo", 0666));
    printf("mknod S_IFREG: %d, plain type 0: %d\n", mknod("regular", S_IFREG | 0600, 0), mknod("plain", 0640, 0));
    struct stat fifo, regular, plain;
    stat("fifo", &fifo);
    stat("regular", &regular);
    stat("plain", &plain);
    printf("a fifo %d mode %o; regular %d mode %o size %lld; plain regular %d mode %o\n", S_ISFIFO(fifo.st_mode),
           fifo.st_mode & 0777, S_ISREG(regular.st_mode), regular.st_mode & 0777, (long long)regular.st_size,
           S_ISREG(plain.st_mode), plain.st_mode & 0777);
    errno = 0;
    printf("mknod again: %d %s\n", mknod("fifo", S_IFIFO | 0600, 0), strerror(errno));
    errno = 0;
    printf("mknod bad type: %d %s\n", mknod("bad", 0170000 | 0600, 0), strerror(errno));
    int reader = open("fifo", O_RDONLY | O_NONBLOCK), writer = open("fifo", O_WRONLY | O_NONBLOCK);
    char got[8] = { 0 };
    printf("through the fifo: wrote %zd, read %zd \"%s\"\n", write(writer, "pipe", 4), read(reader, got, sizeof got - 1), got);
    close(reader);
    close(writer);
    unlink("fifo");
    unlink("regular");
    unlink("plain");
    umask(mask);
    return 0;
}
