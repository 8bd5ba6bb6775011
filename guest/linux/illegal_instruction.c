/* Executes an all-zero instruction word, which is illegal: the process dies of SIGILL. */
#include <stdio.h>

int main(void)
{
    printf("about to execute an illegal instruction\n");
    fflush(stdout);
    __asm__ volatile(".4byte 0");
    printf("not reached\n");
    return 0;
}
