/* Tries to reach files outside the root in every way a path can: run by rvt's confinement tests, not under QEMU.
 * The test prepares: ../outside.txt next to the root, link_out -> .., abs_link -> the absolute path of
 * ../outside.txt, and inside.txt in the root. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* A Unix socket's name is a path too: binding or connecting outside the root is refused like any other. */
static void try_socket(const char *what, const char *path, int bind_it)
{
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un name = { .sun_family = AF_UNIX };
    strncpy(name.sun_path, path, sizeof name.sun_path - 1);
    int result = bind_it ? bind(fd, (struct sockaddr *)&name, sizeof name) : connect(fd, (struct sockaddr *)&name, sizeof name);
    printf("%s %s: %s\n", what, path, result == 0 ? "done" : strerror(errno));
    close(fd);
}

static void try_open(const char *path, int flags)
{
    int fd = open(path, flags, 0644);
    printf("open %-28s %s\n", path, fd >= 0 ? "opened" : strerror(errno));
    if (fd >= 0) close(fd);
}

int main(int argc, char **argv)
{
    const char *absolute_outside = argc > 1 ? argv[1] : "/etc/passwd";
    try_open("inside.txt", O_RDONLY);
    try_open("./sub/../inside.txt", O_RDONLY);
    try_open("../outside.txt", O_RDONLY);
    try_open("../outside.txt", O_WRONLY | O_TRUNC);
    try_open("../../../../../../../../etc/passwd", O_RDONLY);
    try_open(absolute_outside, O_RDONLY);
    try_open("/etc/passwd", O_RDONLY);
    try_open("link_out/outside.txt", O_RDONLY);
    try_open("abs_link", O_RDONLY);
    try_open("abs_link", O_WRONLY | O_CREAT);
    try_open("link_out/new_file.txt", O_WRONLY | O_CREAT);
    try_open("/dev/null", O_WRONLY);
    struct stat st;
    printf("stat ../outside.txt: %s\n", stat("../outside.txt", &st) == 0 ? "ok" : strerror(errno));
    printf("lstat abs_link (the link itself): %s\n", lstat("abs_link", &st) == 0 ? "ok" : strerror(errno));
    printf("mkdir ../made: %s\n", mkdir("../made", 0755) == 0 ? "made" : strerror(errno));
    printf("unlink ../outside.txt: %s\n", unlink("../outside.txt") == 0 ? "removed" : strerror(errno));
    printf("rename inside.txt to ../stolen.txt: %s\n", rename("inside.txt", "../stolen.txt") == 0 ? "renamed" : strerror(errno));
    /* The root's ancestors may be looked up (realpath walks them) but not opened or listed. */
    printf("stat .. and /: %s\n", stat("..", &st) == 0 && S_ISDIR(st.st_mode) && stat("/", &st) == 0 ? "ok" : strerror(errno));
    try_open("..", O_RDONLY | O_DIRECTORY);
    try_open("/", O_RDONLY | O_DIRECTORY);
    char cwd[4096], real[4096];
    printf("realpath(.) is the working directory: %d\n",
           getcwd(cwd, sizeof cwd) != NULL && realpath(".", real) != NULL && strcmp(cwd, real) == 0);
    printf("mknod ../fifo: %s\n", mknod("../fifo", S_IFIFO | 0644, 0) == 0 ? "made" : strerror(errno));
    /* A device node inside the root would open the host's device (here /dev/null's 1:3): refused. */
    printf("mknod char device: %s\n", mknod("device", S_IFCHR | 0644, makedev(1, 3)) == 0 ? "made" : strerror(errno));
    try_socket("bind", "../escaped.sock", 1);
    try_socket("bind", "link_out/escaped.sock", 1);
    try_socket("connect", "../outside.txt", 0);
    try_socket("bind", "inside.sock", 1);
    unlink("inside.sock");
    printf("chdir ..: %s\n", chdir("..") == 0 ? "changed" : strerror(errno));
    printf("chdir link_out: %s\n", chdir("link_out") == 0 ? "changed" : strerror(errno));
    printf("chdir / : %s\n", chdir("/") == 0 ? "changed" : strerror(errno));
    return 0;
}
