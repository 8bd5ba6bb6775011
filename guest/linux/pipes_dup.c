/* Pipes and descriptor duplication: pipe, dup, dup2, fcntl, readv/writev and redirecting stdout into a pipe. */
#include <errno.h>
#include <sys/uio.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    int fds[2];
    printf("pipe: %d\n", pipe(fds));
    const char *message = "through the pipe";
    write(fds[1], message, strlen(message));
    char buffer[64] = { 0 };
    ssize_t got = read(fds[0], buffer, sizeof buffer - 1);
    printf("read %zd: %s\n", got, buffer);

    int copy = dup(fds[1]);
    printf("dup gave a new descriptor: %d\n", copy > fds[1]);
    write(copy, "via dup", 7);
    memset(buffer, 0, sizeof buffer);
    read(fds[0], buffer, sizeof buffer - 1);
    printf("read: %s\n", buffer);

    printf("FD_CLOEXEC before=%d", fcntl(copy, F_GETFD));
    fcntl(copy, F_SETFD, FD_CLOEXEC);
    printf(" after=%d\n", fcntl(copy, F_GETFD));
    int flags = fcntl(fds[0], F_GETFL);
    printf("read end is O_RDONLY: %d\n", (flags & O_ACCMODE) == O_RDONLY);
    fcntl(fds[0], F_SETFL, flags | O_NONBLOCK);
    printf("non-blocking empty read: %zd %s\n", read(fds[0], buffer, 1), errno == EAGAIN ? "EAGAIN" : strerror(errno));
    close(copy);

    fcntl(fds[0], F_SETFL, flags);
    struct iovec out[3] = { { "gather", 6 }, { " ", 1 }, { "write", 5 } };
    printf("writev: %zd\n", writev(fds[1], out, 3));
    char first[4] = { 0 }, second[16] = { 0 };
    struct iovec in[2] = { { first, 3 }, { second, sizeof second - 1 } };
    printf("readv: %zd \"%s\" \"%s\"\n", readv(fds[0], in, 2), first, second);
    fflush(stdout);
    struct iovec lines[2] = { { "writev line one\n", 16 }, { "writev line two\n", 16 } };
    writev(1, lines, 2);

    fflush(stdout);
    int saved = dup(1);
    dup2(fds[1], 1);
    printf("captured line\n");
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    memset(buffer, 0, sizeof buffer);
    read(fds[0], buffer, sizeof buffer - 1);
    printf("captured from stdout: %s", buffer);
    close(fds[1]);
    fcntl(fds[0], F_SETFL, flags);
    printf("read after writer closed: %zd\n", read(fds[0], buffer, 1));
    close(fds[0]);
    printf("dup2 onto bad: %d %s\n", dup2(100000, 5), strerror(errno));
    return 0;
}
