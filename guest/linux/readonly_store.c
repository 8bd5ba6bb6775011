/* A store into read-only data from hot code: the translator's direct user-memory path must fault like Linux. */
#include <stdio.h>

static const int table[256] = { 1, 2, 3, 4, 5, 6, 7, 8 };

int main(int argc, char **argv)
{
    (void)argv;
    volatile int *target = (volatile int *)&table[argc]; /* table[1] when run without arguments */
    long sum = 0;
    for (int i = 0; i < 200000; i++) {
        sum += table[i & 255];
        if (i == 150000) {
            printf("sum so far %ld; storing into read-only data\n", sum);
            fflush(stdout);
            *target = 42;
        }
    }
    printf("not reached %ld\n", sum);
    return 0;
}
