/* Interleaved stdout and stderr, unbuffered and line-buffered, then a non-zero exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("out 1\n");
    fprintf(stderr, "err 1\n");
    write(1, "out 2 (write)\n", 14);
    write(2, "err 2 (write)\n", 14);
    fputs("out 3\n", stdout);
    perror("perror with errno 0");
    exit(3);
}
