/* Hashing: FNV-1a over generated keys, a murmur-style 64-bit finaliser, and an
 * open-addressing table with insert, lookup and delete (tombstones). */
#include <stdio.h>
#include <string.h>
#include "bench_util.h"

#ifndef ITERATIONS
#define ITERATIONS 100
#endif

#define TABLE_BITS 14
#define TABLE_SIZE (1u << TABLE_BITS)
#define KEY_COUNT (TABLE_SIZE / 2)
#define KEY_LENGTH 16
#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

enum slot_state { EMPTY, USED, DELETED };

struct slot {
    char key[KEY_LENGTH];
    uint64_t value;
    enum slot_state state;
};

static struct slot table[TABLE_SIZE];
static char keys[KEY_COUNT][KEY_LENGTH];

static uint64_t fnv1a(const char *text)
{
    uint64_t hash = FNV_OFFSET;
    for (; *text; text++)
        hash = (hash ^ (uint8_t)*text) * FNV_PRIME;
    return hash;
}

static uint64_t murmur_finalise(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

static unsigned slot_for(const char *key)
{
    return (unsigned)(murmur_finalise(fnv1a(key)) & (TABLE_SIZE - 1));
}

static void insert(const char *key, uint64_t value)
{
    for (unsigned i = slot_for(key);; i = (i + 1) & (TABLE_SIZE - 1)) {
        struct slot *s = &table[i];
        if (s->state != USED || strcmp(s->key, key) == 0) {
            strcpy(s->key, key);
            s->value = value;
            s->state = USED;
            return;
        }
    }
}

static struct slot *lookup(const char *key)
{
    for (unsigned i = slot_for(key);; i = (i + 1) & (TABLE_SIZE - 1)) {
        struct slot *s = &table[i];
        if (s->state == EMPTY)
            return 0;
        if (s->state == USED && strcmp(s->key, key) == 0)
            return s;
    }
}

static void make_key(char *out, uint64_t n)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz012345";
    for (unsigned i = 0; i < KEY_LENGTH - 1; i++) {
        out[i] = alphabet[n & 31];
        n = n >> 5 | n << 59;
        if (i > 6 && (n & 7) == 0)
            break;
    }
    out[KEY_LENGTH - 1] = 0;
}

int main(void)
{
    uint64_t seed = 2024, checksum = 0;
    for (unsigned iteration = 0; iteration < ITERATIONS; iteration++) {
        memset(table, 0, sizeof table);
        for (unsigned k = 0; k < KEY_COUNT; k++) {
            memset(keys[k], 0, KEY_LENGTH);
            make_key(keys[k], next_random(&seed));
            insert(keys[k], k);
        }
        unsigned found = 0, missing = 0;
        for (unsigned k = 0; k < KEY_COUNT; k++) {
            struct slot *s = lookup(keys[k]);
            if (s) {
                found++;
                checksum = mix_checksum(checksum, s->value);
                if (k % 3 == 0)
                    s->state = DELETED;
            }
        }
        for (unsigned k = 0; k < KEY_COUNT; k++) {
            if (lookup(keys[k]))
                found++;
            else
                missing++;
        }
        checksum = mix_checksum(checksum, found);
        checksum = mix_checksum(checksum, missing);
    }
    printf("hash_table checksum %016llx\n", (unsigned long long)checksum);
    return 0;
}
