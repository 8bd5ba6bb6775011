/* sendfile and copy_file_range (with and without offsets, into files and pipes, their error cases) and fchown and
   fchownat to the program's own ids, as coreutils' and busybox's cat, cp, tar and sed -i use them. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "outcome.h"

static void show_file(const char *label, const char *path)
{
    char buffer[128] = { 0 };
    int fd = open(path, O_RDONLY);
    ssize_t got = read(fd, buffer, sizeof buffer - 1);
    close(fd);
    printf("%s: %zd bytes \"%s\"\n", label, got, buffer);
}

static void test_sendfile(void)
{
    int in = open("source.txt", O_RDONLY);
    int out = open("copy.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    printf("sendfile all: %s\n", outcome(sendfile(out, in, NULL, 100)));
    printf("position moved to: %ld\n", (long)lseek(in, 0, SEEK_CUR));
    printf("sendfile at end: %s\n", outcome(sendfile(out, in, NULL, 100)));
    off_t offset = 4;
    printf("sendfile with offset 4, 6 bytes: %s\n", outcome(sendfile(out, in, &offset, 6)));
    printf("offset now %ld, position still %ld\n", (long)offset, (long)lseek(in, 0, SEEK_CUR));
    close(out);
    show_file("copy", "copy.txt");

    int pipe_fds[2];
    pipe(pipe_fds);
    offset = 0;
    printf("sendfile into a pipe: %s\n", outcome(sendfile(pipe_fds[1], in, &offset, 9)));
    char buffer[32] = { 0 };
    printf("read from the pipe: %zd \"%s\"\n", read(pipe_fds[0], buffer, sizeof buffer - 1), buffer);

    printf("sendfile bad out fd: %s\n", outcome(sendfile(99, in, NULL, 4)));
    printf("sendfile bad in fd: %s\n", outcome(sendfile(pipe_fds[1], 99, NULL, 4)));
    printf("sendfile from a pipe: %s\n", outcome(sendfile(pipe_fds[1], pipe_fds[0], NULL, 4)));
    printf("sendfile bad offset pointer: %s\n", outcome(syscall(SYS_sendfile, pipe_fds[1], in, (void *)8, 4)));
    int write_only = open("copy.txt", O_WRONLY);
    printf("sendfile from a write-only fd: %s\n", outcome(sendfile(pipe_fds[1], write_only, NULL, 4)));
    close(write_only);

    signal(SIGPIPE, SIG_IGN);
    close(pipe_fds[0]);
    offset = 0;
    printf("sendfile into a pipe with no reader: %s\n", outcome(sendfile(pipe_fds[1], in, &offset, 4)));
    close(pipe_fds[1]);
    close(in);
}

static void test_copy_file_range(void)
{
    int in = open("source.txt", O_RDONLY);
    int out = open("range.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    printf("copy_file_range all: %s\n", outcome(copy_file_range(in, NULL, out, NULL, 100, 0)));
    printf("positions: in %ld, out %ld\n", (long)lseek(in, 0, SEEK_CUR), (long)lseek(out, 0, SEEK_CUR));
    loff_t in_offset = 10, out_offset = 2;
    printf("copy_file_range 5 bytes from 10 to 2: %s\n", outcome(copy_file_range(in, &in_offset, out, &out_offset, 5, 0)));
    printf("offsets now in %ld, out %ld; positions still in %ld, out %ld\n", (long)in_offset, (long)out_offset,
           (long)lseek(in, 0, SEEK_CUR), (long)lseek(out, 0, SEEK_CUR));
    printf("copy_file_range with flags: %s\n", outcome(copy_file_range(in, NULL, out, NULL, 4, 1)));
    printf("copy_file_range bad fd: %s\n", outcome(copy_file_range(99, NULL, out, NULL, 4, 0)));
    printf("copy_file_range bad offset pointer: %s\n",
           outcome(syscall(SYS_copy_file_range, in, (void *)8, out, NULL, 4, 0)));
    close(out);
    close(in);
    show_file("range", "range.txt");
}

static void test_chown(void)
{
    uid_t uid = getuid();
    gid_t gid = getgid();
    int fd = open("owned.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    printf("fchown to self: %s\n", outcome(fchown(fd, uid, gid)));
    printf("fchown unchanged (-1, -1): %s\n", outcome(fchown(fd, -1, -1)));
    printf("fchown bad fd: %s\n", outcome(fchown(99, uid, gid)));
    printf("chown to self: %s\n", outcome(chown("owned.txt", uid, gid)));
    printf("symlink: %d\n", symlink("owned.txt", "link.txt"));
    printf("lchown of a symlink: %s\n", outcome(lchown("link.txt", uid, gid)));
    printf("fchownat AT_SYMLINK_NOFOLLOW: %s\n", outcome(fchownat(AT_FDCWD, "link.txt", uid, gid, AT_SYMLINK_NOFOLLOW)));
    printf("fchownat AT_EMPTY_PATH on a fd: %s\n", outcome(fchownat(fd, "", uid, gid, AT_EMPTY_PATH)));
    printf("fchownat empty path without the flag: %s\n", outcome(fchownat(fd, "", uid, gid, 0)));
    printf("fchownat bad flags: %s\n", outcome(fchownat(AT_FDCWD, "owned.txt", uid, gid, 0x4)));
    printf("chown of a missing file: %s\n", outcome(chown("missing.txt", uid, gid)));
    struct stat st;
    stat("owned.txt", &st);
    printf("owner unchanged: %d\n", st.st_uid == uid && st.st_gid == gid);
    close(fd);
}

int main(void)
{
    int fd = open("source.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, "0123456789abcdefghij", 20);
    close(fd);
    test_sendfile();
    test_copy_file_range();
    test_chown();
    return 0;
}
