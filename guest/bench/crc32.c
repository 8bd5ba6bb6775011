/* CRC-32 (IEEE, reflected): bitwise and table-driven over a pseudo-random buffer. */
#include <stdio.h>
#include "bench_util.h"

#ifndef ITERATIONS
#define ITERATIONS 500
#endif

#define BUFFER_SIZE 65536
#define CRC32_POLYNOMIAL 0xedb88320u

static uint8_t buffer[BUFFER_SIZE];
static uint32_t table[256];

static void build_table(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t crc = i;
        for (int bit = 0; bit < 8; bit++)
            crc = crc & 1 ? crc >> 1 ^ CRC32_POLYNOMIAL : crc >> 1;
        table[i] = crc;
    }
}

static uint32_t crc32_table(const uint8_t *data, unsigned length)
{
    uint32_t crc = 0xffffffffu;
    for (unsigned i = 0; i < length; i++)
        crc = table[(crc ^ data[i]) & 0xff] ^ crc >> 8;
    return ~crc;
}

static uint32_t crc32_bitwise(const uint8_t *data, unsigned length)
{
    uint32_t crc = 0xffffffffu;
    for (unsigned i = 0; i < length; i++) {
        crc ^= data[i];
        for (int bit = 0; bit < 8; bit++)
            crc = crc >> 1 ^ (CRC32_POLYNOMIAL & -(crc & 1));
    }
    return ~crc;
}

int main(void)
{
    uint64_t seed = 7, checksum = 0;
    build_table();
    /* Known answer: CRC-32 of "123456789". */
    printf("crc32(\"123456789\") = %08x\n", (unsigned)crc32_table((const uint8_t *)"123456789", 9));
    for (unsigned iteration = 0; iteration < ITERATIONS; iteration++) {
        for (unsigned i = 0; i < BUFFER_SIZE; i += 8) {
            uint64_t r = next_random(&seed);
            for (unsigned b = 0; b < 8; b++)
                buffer[i + b] = (uint8_t)(r >> (8 * b));
        }
        uint32_t by_table = crc32_table(buffer, BUFFER_SIZE);
        uint32_t by_bits = crc32_bitwise(buffer, BUFFER_SIZE / 8);
        if (by_table != crc32_table(buffer, BUFFER_SIZE) ||
            by_bits != crc32_table(buffer, BUFFER_SIZE / 8)) {
            printf("crc32 mismatch\n");
            return 1;
        }
        checksum = mix_checksum(checksum, by_table);
        checksum = mix_checksum(checksum, by_bits);
    }
    printf("crc32 checksum %016llx\n", (unsigned long long)checksum);
    return 0;
}
