/* Prints, then calls abort(): the process dies of SIGABRT after stdout is flushed by hand. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("about to abort\n");
    fflush(stdout);
    fprintf(stderr, "stderr before abort\n");
    abort();
}
