/* A static riscv64 Linux program that pulls in a large part of glibc: printf
 * with integers and floats, libm, qsort, strtod/sscanf. Used as a big, real
 * input for the disassembler and for user-mode runs. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void print_integers(void)
{
    static const long long values[] = { 0, 1, -1, 42, -12345, 2147483647LL, -2147483648LL,
                                        9223372036854775807LL, -9223372036854775807LL - 1 };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        long long v = values[i];
        printf("%lld|%20lld|%-20lld|%+lld|%llx|%#llo|%llu\n", v, v, v, v,
               (unsigned long long)v, (unsigned long long)v, (unsigned long long)v);
    }
    printf("%hhd %hd %d %ld %zu %c %5.3s|%%\n", (signed char)200, (short)70000, 7, 123456789L,
           sizeof(long double), 'Q', "truncate");
}

static void print_floats(void)
{
    static const double values[] = { 0.0, -0.0, 1.0, -1.5, 3.141592653589793, 1e-300, 6.02214076e23,
                                     123456.789, 0.1, 2.5e-8 };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        double v = values[i];
        printf("%f|%.3e|%g|%12.4f|%-12.2g|%a\n", v, v, v, v, v, v);
    }
    printf("inf=%f -inf=%e nan=%g\n", INFINITY, -INFINITY, NAN);
    float f = 1.0f / 3.0f;
    printf("float %.9f long double %.21Lf\n", (double)f, 1.0L / 3.0L);
}

static void print_libm(void)
{
    for (int i = -4; i <= 8; i++) {
        double x = i * 0.75;
        printf("x=%6.2f sin=%.12f cos=%.12f tan=%.9g exp=%.12g atan=%.12f tanh=%.12f cbrt=%.12f\n",
               x, sin(x), cos(x), tan(x), exp(x), atan(x), tanh(x), cbrt(x));
        if (x > 0)
            printf("  log=%.12f log10=%.12f log2=%.12f sqrt=%.15f pow=%.12g lgamma=%.12f\n",
                   log(x), log10(x), log2(x), sqrt(x), pow(x, 2.5), lgamma(x));
        printf("  floor=%g ceil=%g round=%g trunc=%g lround=%ld fmod=%.12f hypot=%.12f atan2=%.12f erf=%.12f\n",
               floor(x), ceil(x), round(x), trunc(x), lround(x), fmod(x, 1.1), hypot(x, 2.0),
               atan2(x, -1.5), erf(x));
    }
    printf("float libm: sinf=%.6f expf=%.6f sqrtf=%.6f powf=%.6f\n", (double)sinf(0.5f),
           (double)expf(1.5f), (double)sqrtf(2.0f), (double)powf(2.0f, 0.5f));
}

static void parse_and_sort(void)
{
    const char *text = "3.25 -1e3 0.5 42 7.125e-2 -0.0 1e10 2.5";
    double numbers[16];
    size_t count = 0;
    char *end;
    for (const char *p = text; count < 16; p = end) {
        double v = strtod(p, &end);
        if (end == p)
            break;
        numbers[count++] = v;
    }
    qsort(numbers, count, sizeof numbers[0], compare_doubles);
    for (size_t i = 0; i < count; i++)
        printf("%s%g", i ? " " : "sorted: ", numbers[i]);
    printf("\n");
    int day, year;
    char month[16];
    if (sscanf("26 November 2026", "%d %15s %d", &day, month, &year) == 3)
        printf("sscanf: %d/%s/%d\n", day, month, year);
    char buffer[64];
    int n = snprintf(buffer, sizeof buffer, "%08.3f|%x", -3.14159, 0xbeefu);
    printf("snprintf wrote %d: %s (strlen %zu)\n", n, buffer, strlen(buffer));
}

int main(void)
{
    print_integers();
    print_floats();
    print_libm();
    parse_and_sort();
    return 0;
}
