/* Symbolic and hard links, permission bits and truncation by path, inside the root. */
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
    return 0;
}
