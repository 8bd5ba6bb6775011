/* Directories inside the root: mkdir, chdir, getcwd, listing with readdir (sorted), rmdir and errors. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path)
{
    DIR *dir = opendir(path);
    if (!dir) {
        printf("opendir %s: %s\n", path, strerror(errno));
        return;
    }
    char *names[64];
    int count = 0;
    for (struct dirent *e; (e = readdir(dir)) && count < 64;)
        names[count++] = strdup(e->d_name);
    closedir(dir);
    qsort(names, count, sizeof names[0], by_name);
    printf("%s:", path);
    for (int i = 0; i < count; i++) {
        struct stat st;
        char full[256];
        snprintf(full, sizeof full, "%s/%s", path, names[i]);
        stat(full, &st);
        printf(" %s%s", names[i], S_ISDIR(st.st_mode) ? "/" : "");
        free(names[i]);
    }
    printf("\n");
}

int main(void)
{
    char start[512];
    if (!getcwd(start, sizeof start))
        return 1;
    printf("mkdir tree: %d\n", mkdir("tree", 0755));
    printf("mkdir again: %d %s\n", mkdir("tree", 0755), strerror(errno));
    mkdir("tree/sub", 0755);
    for (int i = 0; i < 5; i++) {
        char name[64];
        snprintf(name, sizeof name, "tree/file%d.txt", i);
        int fd = open(name, O_CREAT | O_WRONLY, 0644);
        dprintf(fd, "file number %d\n", i);
        close(fd);
    }
    list("tree");
    printf("chdir: %d\n", chdir("tree/sub"));
    char here[512];
    getcwd(here, sizeof here);
    printf("cwd ends with /tree/sub: %d\n", strlen(here) > 9 && strcmp(here + strlen(here) - 9, "/tree/sub") == 0);
    int fd = open("../file3.txt", O_RDONLY);
    char buffer[32] = { 0 };
    read(fd, buffer, sizeof buffer - 1);
    close(fd);
    printf("read via ..: %s", buffer);
    chdir("..");
    list(".");
    printf("rmdir non-empty: %d %s\n", rmdir("."), errno == EINVAL || errno == ENOTEMPTY || errno == EBUSY ? "refused" : strerror(errno));
    chdir(start);
    printf("rmdir tree (not empty): %d %s\n", rmdir("tree"), strerror(errno));
    for (int i = 0; i < 5; i++) {
        char name[64];
        snprintf(name, sizeof name, "tree/file%d.txt", i);
        unlink(name);
    }
    printf("rmdir sub: %d, rmdir tree: %d\n", rmdir("tree/sub"), rmdir("tree"));
    printf("chdir missing: %d %s\n", chdir("tree"), strerror(errno));
    list(".");
    return 0;
}
