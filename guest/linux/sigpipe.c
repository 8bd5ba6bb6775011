/* Writes into a pipe whose read end is closed: the write fails with EPIPE and SIGPIPE ends the process,
 * unless SIGPIPE is ignored (run with the argument "ignore"). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int fds[2];
    if (pipe(fds) != 0)
        return 1;
    close(fds[0]);
    if (argc > 1 && strcmp(argv[1], "ignore") == 0)
        signal(SIGPIPE, SIG_IGN);
    printf("writing to a pipe with no reader\n");
    fflush(stdout);
    ssize_t written = write(fds[1], "lost", 4);
    printf("write returned %zd (%s)\n", written, written < 0 ? strerror(errno) : "no error");
    return 0;
}
