/* printf over integers of every width, base, flag and field width. */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>

int main(void)
{
    const long long values[] = { 0, 1, -1, 7, -7, 127, -128, 255, 32767, -32768, 65535, 2147483647LL,
                                 -2147483647LL - 1, 4294967295LL, 1234567890123LL, LLONG_MAX, LLONG_MIN };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        long long v = values[i];
        printf("[%lld] [%5lld] [%-5lld|] [%+lld] [% lld] [%05lld] [%llx] [%#llX] [%llo] [%#llo] [%llu]\n",
               v, v, v, v, v, v, (unsigned long long)v, (unsigned long long)v, (unsigned long long)v,
               (unsigned long long)v, (unsigned long long)v);
        printf("  hh=%hhd hhu=%hhu h=%hd hu=%hu d=%d u=%u\n", (signed char)v, (unsigned char)v, (short)v,
               (unsigned short)v, (int)v, (unsigned)v);
    }
    printf("%" PRId8 " %" PRIu16 " %" PRIx32 " %" PRIX64 " %" PRIdMAX "\n", (int8_t)-5, (uint16_t)65000,
           (uint32_t)0xdeadbeef, (uint64_t)0x0123456789abcdefULL, (intmax_t)INTMAX_MIN);
    printf("[%*d] [%-*d] [%.*d] [%.0d] [%+.3d]\n", 8, 42, 8, 42, 6, 42, 0, -3);
    printf("[%c%c%c] [%5c] [%-5c]\n", 'a', 'b', 'c', 'x', 'y');
    printf("[%s] [%10s] [%-10s] [%.3s] [%10.2s]\n", "hello", "right", "left", "truncate", "ab");
    printf("[%p] [%p]\n", (void *)0, (void *)0x1234);
    int written = 0;
    printf("count%n here\n", &written);
    printf("written=%d\n", written);
    char buffer[16];
    volatile size_t capacity = sizeof buffer;
    int needed = snprintf(buffer, capacity, "%s-%d-%s", "snprintf", 123456, "truncated");
    printf("snprintf: \"%s\" needed %d\n", buffer, needed);
    return 0;
}
