/* Large anonymous mappings: 256 MiB touched sparsely, mprotect, mremap growth and munmap. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define MIB (1024UL * 1024)

int main(void)
{
    size_t size = 256 * MIB;
    unsigned char *big = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap 256 MiB: %s\n", big == MAP_FAILED ? strerror(errno) : "ok");
    if (big == MAP_FAILED)
        return 1;
    uint64_t sum = 0;
    for (size_t offset = 0; offset < size; offset += 1 * MIB) {
        sum += big[offset]; /* fresh pages read as zero */
        big[offset] = (unsigned char)(offset / MIB);
    }
    for (size_t offset = 0; offset < size; offset += 1 * MIB)
        sum += big[offset];
    printf("sum of touched bytes=%llu\n", (unsigned long long)sum);
    printf("mprotect read-only: %d\n", mprotect(big, 4096, PROT_READ));
    printf("first byte still readable: %d\n", big[0]);
    printf("mprotect back: %d\n", mprotect(big, 4096, PROT_READ | PROT_WRITE));

    unsigned char *small = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(small, 0x5a, 3 * 4096);
    unsigned char *grown = mremap(small, 3 * 4096, 64 * 4096, MREMAP_MAYMOVE);
    int kept = 1, zero = 1;
    for (size_t i = 0; i < 3 * 4096; i++) kept &= grown[i] == 0x5a;
    for (size_t i = 3 * 4096; i < 64 * 4096; i++) zero &= grown[i] == 0;
    printf("mremap grow: contents kept=%d new part zero=%d\n", kept, zero);
    printf("munmap: %d %d\n", munmap(grown, 64 * 4096), munmap(big, size));
    void *huge = mmap(NULL, 1UL << 50, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap 1 PiB fails: %d\n", huge == MAP_FAILED);
    void *fixed = mmap((void *)0x200000000UL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED at requested address: %d\n", fixed == (void *)0x200000000UL);
    ((char *)fixed)[8191] = 1;
    munmap(fixed, 8192);
    return 0;
}
