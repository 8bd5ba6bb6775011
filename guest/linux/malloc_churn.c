/* malloc, calloc, realloc and free in a pseudo-random churn, with checksums to catch corruption. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 512
#define ROUNDS 20000

static uint64_t state = 88172645463325252ull;

static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

int main(void)
{
    unsigned char *blocks[SLOTS] = { 0 };
    size_t sizes[SLOTS] = { 0 };
    uint64_t checksum = 0;
    size_t peak = 0, live = 0;
    for (int round = 0; round < ROUNDS; round++) {
        int slot = next() % SLOTS;
        if (blocks[slot]) {
            for (size_t i = 0; i < sizes[slot]; i++)
                checksum = checksum * 31 + blocks[slot][i];
            if (next() % 3 == 0) {
                size_t grown = sizes[slot] * 2 + 1;
                unsigned char *moved = realloc(blocks[slot], grown);
                if (!moved) return 1;
                memset(moved + sizes[slot], slot & 0xff, grown - sizes[slot]);
                live += grown - sizes[slot];
                blocks[slot] = moved;
                sizes[slot] = grown;
                continue;
            }
            free(blocks[slot]);
            live -= sizes[slot];
            blocks[slot] = NULL;
            continue;
        }
        size_t size = next() % 8 == 0 ? 4096 + next() % 200000 : 1 + next() % 300;
        blocks[slot] = next() % 2 ? calloc(size, 1) : malloc(size);
        if (!blocks[slot]) return 1;
        memset(blocks[slot], (int)(round & 0xff), size);
        sizes[slot] = size;
        live += size;
        if (live > peak) peak = live;
    }
    for (int slot = 0; slot < SLOTS; slot++)
        free(blocks[slot]);
    int *zeroes = calloc(100000, sizeof(int));
    long nonzero = 0;
    for (int i = 0; i < 100000; i++) nonzero += zeroes[i] != 0;
    free(zeroes);
    printf("checksum=%016llx peak=%zu calloc-nonzero=%ld\n", (unsigned long long)checksum, peak, nonzero);
    return 0;
}
