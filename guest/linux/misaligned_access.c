/*
 * Misaligned loads and stores from hot code: inside a page, across a page boundary, and at the end of a mapping.
 * The translator's direct user-memory path takes only aligned accesses; every other one must still give the same
 * bytes as QEMU (RISC-V Linux makes misaligned user accesses work).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

struct __attribute__((packed)) record {
    uint8_t tag;
    uint64_t value;
    uint32_t count;
    uint16_t small;
};

static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ULL; }

int main(void)
{
    long page = 4096;
    /* Two pages, the second read-only, and one byte more than a page of records before the boundary. */
    uint8_t *area = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED)
        return 1;
    for (long i = 0; i < 3 * page; i++)
        area[i] = (uint8_t)(i * 7 + 3);

    uint64_t h = 14695981039346656037ULL;
    for (int round = 0; round < 2000; round++) {
        /* Records at every offset around the first page boundary: some straddle it. */
        for (long off = page - 24; off < page + 8; off++) {
            struct record *r = (struct record *)(area + off);
            h = mix(h, r->value);
            h = mix(h, r->count);
            h = mix(h, r->small);
            r->value += (uint64_t)round;
            r->count ^= (uint32_t)off;
            r->small = (uint16_t)(r->small + 1);
        }
        /* Unaligned words inside one page. */
        for (long off = 1; off < 64; off += 3) {
            uint64_t v;
            memcpy(&v, area + 2 * page + off, sizeof v);
            h = mix(h, v);
            *(volatile uint32_t *)(area + 2 * page + off + 1) = (uint32_t)h;
        }
    }
    printf("hash %016llx\n", (unsigned long long)h);

    /* The last bytes of the mapping, read unaligned, then protected away. */
    uint32_t last;
    memcpy(&last, area + 3 * page - 5, sizeof last);
    printf("last %08x\n", last);
    if (mprotect(area + page, page, PROT_READ) != 0)
        return 2;
    uint64_t across = *(volatile uint64_t *)(area + page - 3); /* straddles into the read-only page */
    printf("across %016llx\n", (unsigned long long)across);
    return 0;
}
