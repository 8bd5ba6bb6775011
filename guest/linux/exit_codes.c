/* Exits with the status given as the first argument (default 42), via exit, _exit or return. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int status = argc > 1 ? atoi(argv[1]) : 42;
    const char *how = argc > 2 ? argv[2] : "exit";
    printf("exiting with %d via %s\n", status, how);
    fflush(stdout);
    if (strcmp(how, "_exit") == 0)
        _exit(status);
    if (strcmp(how, "return") == 0)
        return status;
    exit(status);
}
