/* atexit handlers run in reverse order at exit, and fully buffered stdout is flushed after them. */
#include <stdio.h>
#include <stdlib.h>

static void first(void) { printf("handler registered first runs last\n"); }
static void second(void) { printf("handler registered second runs second\n"); }
static void third(void) { printf("handler registered third runs first\n"); }

int main(void)
{
    static char buffer[1 << 16];
    setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
    atexit(first);
    atexit(second);
    atexit(third);
    for (int i = 0; i < 2000; i++)
        printf("buffered line %d\n", i);
    printf("main returns 7\n");
    return 7;
}
