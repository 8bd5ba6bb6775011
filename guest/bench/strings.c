/* String functions and printf-heavy formatting: snprintf of integers, hex,
 * strings and fixed-point doubles, then strlen/strchr/strcmp/memcpy over them. */
#include <stdio.h>
#include <string.h>
#include "bench_util.h"

#ifndef ITERATIONS
#define ITERATIONS 450
#endif

#define LINES 64
#define LINE_SIZE 96

static char lines[LINES][LINE_SIZE];
static char joined[LINES * LINE_SIZE];

int main(void)
{
    static const char *const words[] = { "emulator", "risc-v", "translator", "block", "cache", "hart" };
    uint64_t seed = 5, checksum = 0;
    for (unsigned iteration = 0; iteration < ITERATIONS; iteration++) {
        for (unsigned i = 0; i < LINES; i++) {
            uint64_t r = next_random(&seed);
            int32_t signed_value = (int32_t)r;
            double fraction = (double)(r >> 40) / 1024.0;  /* exact in binary */
            snprintf(lines[i], LINE_SIZE, "%-10s|%8d|%#010x|%+.3f|%llu|%c",
                     words[r % 6], (int)signed_value, (unsigned)(r >> 32), fraction,
                     (unsigned long long)(r % 1000000007ull), 'A' + (int)(r % 26));
        }
        joined[0] = 0;
        size_t length = 0;
        for (unsigned i = 0; i < LINES; i++) {
            size_t n = strlen(lines[i]);
            memcpy(joined + length, lines[i], n);
            length += n;
            joined[length++] = '\n';
            joined[length] = 0;
        }
        unsigned bars = 0;
        for (const char *p = strchr(joined, '|'); p; p = strchr(p + 1, '|'))
            bars++;
        int order = 0;
        for (unsigned i = 1; i < LINES; i++)
            order += strcmp(lines[i - 1], lines[i]) < 0 ? 1 : -1;
        const char *found = strstr(joined, "cache");
        checksum = mix_checksum(checksum, length);
        checksum = mix_checksum(checksum, bars);
        checksum = mix_checksum(checksum, (uint64_t)(int64_t)order);
        checksum = mix_checksum(checksum, found ? (uint64_t)(found - joined) : 0);
        for (size_t i = 0; i < length; i += 7)
            checksum = mix_checksum(checksum, (uint8_t)joined[i]);
    }
    printf("last line: %s\n", lines[LINES - 1]);
    printf("strings checksum %016llx\n", (unsigned long long)checksum);
    return 0;
}
