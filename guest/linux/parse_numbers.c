/* Parsing: sscanf, strtod, strtoll with bases and error reporting, and round trips through printf. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    const char *doubles[] = { "3.14159", "-0.0", "1e308", "1e309", "4.9e-324", "0x1.8p3", "nan", "-inf", "  12.5abc", "" };
    for (size_t i = 0; i < sizeof doubles / sizeof doubles[0]; i++) {
        char *end;
        errno = 0;
        double v = strtod(doubles[i], &end);
        printf("strtod(\"%s\") = %.17g rest=\"%s\" erange=%d\n", doubles[i], v, end, errno == ERANGE);
    }
    const char *integers[] = { "0x7fffffffffffffff", "-9223372036854775809", "0777", "101", "zz" };
    const int bases[] = { 0, 10, 0, 2, 36 };
    for (int i = 0; i < 5; i++) {
        errno = 0;
        long long v = strtoll(integers[i], NULL, bases[i]);
        printf("strtoll(\"%s\", %d) = %lld erange=%d\n", integers[i], bases[i], v, errno == ERANGE);
    }
    int day, month, year;
    char name[20];
    int fields = sscanf("Date: 25/12/2024 name=Christmas", "Date: %d/%d/%d name=%19s", &day, &month, &year, name);
    printf("sscanf fields=%d %04d-%02d-%02d %s\n", fields, year, month, day, name);
    unsigned hex;
    float f;
    char c;
    fields = sscanf("ff 2.5e-1 Z", "%x %f %c", &hex, &f, &c);
    printf("sscanf fields=%d hex=%u float=%g char=%c\n", fields, hex, f, c);
    double check = 0;
    int mismatched = 0;
    for (int i = 0; i < 1000; i++) {
        double v = (i * 7919 % 1000) / 7.0 * (i % 2 ? 1e-3 : 1e5);
        char text[64];
        snprintf(text, sizeof text, "%.17g", v);
        double parsed = strtod(text, NULL);
        mismatched += parsed != v;
        check += parsed;
    }
    printf("round trips mismatched=%d sum=%.6f\n", mismatched, check);
    return 0;
}
