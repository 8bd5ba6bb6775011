/* printf over doubles and floats: fixed, exponent, general and hex forms, rounding and specials. */
#include <float.h>
#include <math.h>
#include <stdio.h>

int main(void)
{
    const double values[] = { 0.0, -0.0, 1.0, -1.5, 0.1, 2.5, 3.5, 1e-5, 123456.789, 1e21, 1.0 / 3.0,
                              M_PI, -M_E, DBL_MAX, DBL_MIN, 4.9e-324, 9.995, 0.125, 1e100, 5e-324 * 3 };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        double v = values[i];
        printf("%f|%.0f|%.3f|%e|%.2E|%g|%.10g|%G|%a|%+08.2f|%-12.4e|\n", v, v, v, v, v, v, v, v, v, v, v);
    }
    printf("%f %f %f %e %g\n", INFINITY, -INFINITY, NAN, -INFINITY, NAN);
    float f = 16777217.0f, g = 0.1f;
    printf("float: %.9g %.9g %a %f\n", f, g, g, g * 3);
    printf("long double: %.20Lf %Le\n", 1.0L / 3.0L, 2.0L / 7.0L);
    double sum = 0;
    for (int i = 1; i <= 1000; i++)
        sum += 1.0 / i;
    printf("harmonic(1000)=%.15f\n", sum);
    return 0;
}
