/* Hundreds of threads alive at once (each with glibc's default 8 MiB stack: more than rvt's low 1.5 GiB of mappings
 * hold, so most stacks go above it and get memory only where touched), then a 4 GiB reservation of which only two
 * ends are made usable. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "outcome.h"

#define THREADS 400

static pthread_barrier_t all_started;

static void *square(void *arg)
{
    long n = (long)arg;
    volatile char scratch[16384]; /* touches a few pages of the thread's stack */
    memset((char *)scratch, (int)n, sizeof scratch);
    pthread_barrier_wait(&all_started); /* every thread exists at this point */
    return (void *)(n * n + scratch[100] - (char)n);
}

int main(void)
{
    pthread_t threads[THREADS];
    pthread_barrier_init(&all_started, NULL, THREADS);
    int created = 0;
    for (long i = 0; i < THREADS; i++)
        if (pthread_create(&threads[i], NULL, square, (void *)i) == 0)
            created++;
    long sum = 0;
    for (int i = 0; i < created; i++) {
        void *result;
        pthread_join(threads[i], &result);
        sum += (long)result;
    }
    printf("%d threads alive at once, sum of squares %ld\n", created, sum);

    const size_t size = 4UL << 30, window = 65536;
    char *reserved = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    printf("reserve 4 GiB: %s\n", reserved == MAP_FAILED ? outcome(-1) : "ok");
    if (reserved == MAP_FAILED)
        return 1;
    printf("mprotect the first 64 KiB: %s\n", outcome(mprotect(reserved, window, PROT_READ | PROT_WRITE)));
    printf("mprotect the last 64 KiB: %s\n", outcome(mprotect(reserved + size - window, window, PROT_READ | PROT_WRITE)));
    memset(reserved, 0x5a, window);
    memset(reserved + size - window, 0xa5, window);
    long check = 0;
    for (size_t i = 0; i < window; i += 4096)
        check += (unsigned char)reserved[i] + (unsigned char)reserved[size - window + i];
    printf("both ends written and read back: %ld\n", check);
    printf("munmap: %s\n", outcome(munmap(reserved, size)));
    return 0;
}
