/* libm: elementary and special functions, rounding, classification and fenv-free edge cases. */
#include <math.h>
#include <stdio.h>

int main(void)
{
    const double xs[] = { -2.5, -1.0, -0.5, 0.0, 0.3, 0.5, 1.0, 2.0, 3.7, 10.0, 100.25 };
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i];
        printf("x=%g sin=%.17g cos=%.17g tan=%.17g atan=%.17g exp=%.17g expm1=%.17g\n", x, sin(x), cos(x), tan(x),
               atan(x), exp(x), expm1(x));
        printf("  sinh=%.17g cosh=%.17g tanh=%.17g cbrt=%.17g erf=%.17g tgamma=%.17g\n", sinh(x), cosh(x), tanh(x),
               cbrt(x), erf(x), tgamma(x));
        if (x > 0)
            printf("  log=%.17g log2=%.17g log10=%.17g log1p=%.17g sqrt=%.17g lgamma=%.17g\n", log(x), log2(x),
                   log10(x), log1p(x), sqrt(x), lgamma(x));
        printf("  floor=%g ceil=%g round=%g trunc=%g rint=%g lround=%ld fmod=%.17g\n", floor(x), ceil(x), round(x),
               trunc(x), rint(x), lround(x), fmod(x, 0.7));
    }
    printf("pow=%.17g %.17g %.17g hypot=%.17g atan2=%.17g %.17g\n", pow(2, 0.5), pow(-8, 1.0 / 3), pow(10, -3),
           hypot(3, 4), atan2(1, -1), atan2(-0.0, -1));
    int exponent;
    double mantissa = frexp(1234.5, &exponent);
    double whole, fraction = modf(-3.75, &whole);
    printf("frexp=%.17g,%d ldexp=%g modf=%g,%g copysign=%g nextafter=%.17g\n", mantissa, exponent, ldexp(0.75, 4),
           whole, fraction, copysign(3, -0.0), nextafter(1.0, 2.0));
    printf("fma=%.17g fmin=%g fmax=%g fdim=%g remainder=%g\n", fma(0.1, 10, -1), fmin(2, NAN), fmax(-1, -2),
           fdim(5, 3), remainder(10, 3));
    printf("isnan=%d isinf=%d isfinite=%d signbit=%d fpclassify(subnormal)=%d\n", isnan(NAN), isinf(-INFINITY),
           isfinite(1e308 * 10), signbit(-0.0) != 0, fpclassify(1e-310) == FP_SUBNORMAL);
    printf("sqrt(-1)=%f log(0)=%f exp(1000)=%f\n", sqrt(-1), log(0), exp(1000));
    float f = 0.7f;
    printf("float: sinf=%.9g expf=%.9g logf=%.9g powf=%.9g sqrtf=%.9g\n", sinf(f), expf(f), logf(f), powf(f, 3.3f),
           sqrtf(f));
    return 0;
}
