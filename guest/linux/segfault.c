/* A deliberate store through a bad pointer: the process dies of SIGSEGV. */
#include <stdio.h>

int main(int argc, char **argv)
{
    (void)argv;
    printf("about to fault\n");
    fflush(stdout);
    volatile int *bad = (int *)(long)(argc - 1 + 16); /* address 16 when run without arguments */
    *bad = 42;
    printf("not reached\n");
    return 0;
}
