/* Small helpers shared by the benchmarks. Plain C: the benchmarks build
 * bare-metal (picolibc), as static riscv64 Linux programs and natively. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stdint.h>

/* xorshift64: a fixed seed gives the same sequence on every target. */
static inline uint64_t next_random(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

/* Folds a value into a running checksum (order-sensitive). */
static inline uint64_t mix_checksum(uint64_t checksum, uint64_t value)
{
    checksum ^= value + 0x9e3779b97f4a7c15ull + (checksum << 6) + (checksum >> 2);
    return checksum;
}

#endif
