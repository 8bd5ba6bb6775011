/* A static Linux program for the disassembler test: printf and libm pull in a large,
   varied slice of glibc (integer, atomic, float and double code, compressed and not). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double integrate(double (*f)(double), double a, double b, int steps)
{
    double h = (b - a) / steps, sum = 0.5 * (f(a) + f(b));
    for (int i = 1; i < steps; i++)
        sum += f(a + i * h);
    return sum * h;
}

static unsigned popcount_loop(unsigned long x)
{
    unsigned n = 0;
    while (x) {
        x &= x - 1;
        n++;
    }
    return n;
}

int main(int argc, char **argv)
{
    double x = argc > 1 ? strtod(argv[1], NULL) : 1.25;
    float f = (float)x * 3.5f;
    char buffer[64];
    snprintf(buffer, sizeof buffer, "%.3f", sqrt(x));
    printf("sin=%.17g cos=%.17g exp=%g log=%g pow=%g\n", sin(x), cos(x), exp(x), log(x), pow(x, 2.5));
    printf("integral=%.12f fmaf=%f lround=%ld str=%s len=%zu\n", integrate(sin, 0.0, M_PI, 1000),
           (double)fmaf(f, f, 1.0f), lround(x * 1000), buffer, strlen(buffer));
    printf("popcount=%u hypot=%a fmod=%e\n", popcount_loop((unsigned long)(x * 1e6)), hypot(x, 2.0), fmod(x * 10, 3.0));
    return 0;
}
