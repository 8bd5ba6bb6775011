/* CPU-bound integer work: a sieve, a 64-bit hash chain and integer division corner cases. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    enum { LIMIT = 2000000 };
    unsigned char *composite = calloc(LIMIT + 1, 1);
    int count = 0;
    long long sum = 0;
    for (long i = 2; i <= LIMIT; i++) {
        if (composite[i]) continue;
        count++;
        sum += i;
        for (long j = i * i; j <= LIMIT; j += i) composite[j] = 1;
    }
    printf("primes below %d: %d, sum %lld\n", LIMIT, count, sum);
    uint64_t hash = 1469598103934665603ull;
    for (int i = 0; i < 1000000; i++) {
        hash ^= (uint64_t)i;
        hash *= 1099511628211ull;
        hash = (hash << 13) | (hash >> 51);
    }
    printf("hash=%016llx\n", (unsigned long long)hash);
    volatile long long min = INT64_MIN, minus_one = -1, zero = 0;
    printf("INT64_MIN / -1 = %lld, %% -1 = %lld\n", min / minus_one, min % minus_one);
    printf("x / 0 = %lld, x %% 0 = %lld (RISC-V defines both)\n", 77 / zero, 77 % zero);
    free(composite);
    return 0;
}
