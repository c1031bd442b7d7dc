// Accurate libdevice-free math for the kernels, computed in double: exp, expm1, log, tanh, sigmoid, pow.
// Plain C++ so tests can compile it for the host and check it against libm (see tests/Cuda/devmath_check.cpp).
#pragma once
#ifndef DEV
#define DEV static inline
typedef unsigned long long u64;
#endif

DEV bool isnan_d(double x) { return x != x; }
DEV double fabs_d(double x) { return __builtin_fabs(x); }

DEV double pow2i(int k)
{
    // 2^k for k in [-1022, 1023] built from the exponent bits.
    return __builtin_bit_cast(double, (u64)(k + 1023) << 52);
}

// exp(x): Cody-Waite reduction x = k*ln2 + r, |r| <= ln2/2, then a degree-13 Taylor polynomial (error < 1e-17).
DEV double exp_d(double x)
{
    if (isnan_d(x)) return x;
    if (x > 709.782712893384) return __builtin_inf();
    if (x < -745.2) return 0.0;
    const double ln2hi = 6.93147180369123816490e-01, ln2lo = 1.90821492927058770002e-10;
    double k = __builtin_rint(x * 1.4426950408889634);
    double r = (x - k * ln2hi) - k * ln2lo;
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    int ki = (int)k;
    // Split the scale so results near the subnormal range do not underflow 2^k itself.
    if (ki < -1000) return p * pow2i(ki + 600) * pow2i(-600);
    if (ki > 1000) return p * pow2i(ki - 100) * pow2i(100);
    return p * pow2i(ki);
}

// expm1(x) accurate for small |x| (tanh and sigmoid need it); exp(x) - 1 elsewhere.
DEV double expm1_d(double x)
{
    if (fabs_d(x) >= 0.25) return exp_d(x) - 1.0;
    double p = 1.0 / 87178291200.0; // 1/14!
    p = p * x + 1.0 / 6227020800.0;
    p = p * x + 1.0 / 479001600.0;
    p = p * x + 1.0 / 39916800.0;
    p = p * x + 1.0 / 3628800.0;
    p = p * x + 1.0 / 362880.0;
    p = p * x + 1.0 / 40320.0;
    p = p * x + 1.0 / 5040.0;
    p = p * x + 1.0 / 720.0;
    p = p * x + 1.0 / 120.0;
    p = p * x + 1.0 / 24.0;
    p = p * x + 1.0 / 6.0;
    p = p * x + 0.5;
    p = p * x + 1.0;
    return p * x;
}

// log(x): x = m * 2^e with m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(s), s = (m-1)/(m+1), |s| < 0.172, series to s^23.
DEV double log_d(double x)
{
    if (isnan_d(x) || x < 0) return __builtin_nan("");
    if (x == 0) return -__builtin_inf();
    if (x == __builtin_inf()) return x;
    int e = 0;
    if (x < 2.2250738585072014e-308) { x *= 18014398509481984.0; e = -54; } // subnormal: scale by 2^54
    u64 bits = __builtin_bit_cast(u64, x);
    e += (int)((bits >> 52) & 0x7ff) - 1023;
    double m = __builtin_bit_cast(double, (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);
    if (m > 1.4142135623730951) { m *= 0.5; e += 1; }
    double s = (m - 1.0) / (m + 1.0), s2 = s * s;
    double p = 1.0 / 23;
    p = p * s2 + 1.0 / 21; p = p * s2 + 1.0 / 19; p = p * s2 + 1.0 / 17; p = p * s2 + 1.0 / 15;
    p = p * s2 + 1.0 / 13; p = p * s2 + 1.0 / 11; p = p * s2 + 1.0 / 9; p = p * s2 + 1.0 / 7;
    p = p * s2 + 1.0 / 5; p = p * s2 + 1.0 / 3; p = p * s2 + 1.0;
    const double ln2hi = 6.93147180369123816490e-01, ln2lo = 1.90821492927058770002e-10;
    return (2.0 * s * p + e * ln2lo) + e * ln2hi;
}

DEV double tanh_d(double x)
{
    if (isnan_d(x)) return x;
    double ax = fabs_d(x);
    if (ax > 20) return x > 0 ? 1.0 : -1.0;
    double t = expm1_d(2 * ax);
    double r = t / (t + 2.0);
    return x < 0 ? -r : r;
}

DEV double sigmoid_d(double x) { return 1.0 / (1.0 + exp_d(-x)); }

DEV bool is_int_d(double y) { return __builtin_floor(y) == y; }

// pow with the IEEE special cases Math.Pow honours (x^0 = 1, 1^y = 1, negative bases with integer exponents).
DEV double pow_d(double x, double y)
{
    if (y == 0 || x == 1) return 1.0;
    if (isnan_d(x) || isnan_d(y)) return __builtin_nan("");
    if (y == 2) return x * x;
    if (y == 1) return x;
    double ay = fabs_d(y);
    if (ay == __builtin_inf())
    {
        double ax = fabs_d(x);
        if (ax == 1) return 1.0;
        return (ax > 1) == (y > 0) ? __builtin_inf() : 0.0;
    }
    bool odd = is_int_d(y) && __builtin_fmod(ay, 2.0) == 1.0;
    if (x == 0) { double r = y > 0 ? 0.0 : __builtin_inf(); return odd ? __builtin_copysign(r, x) : r; }
    if (x < 0)
    {
        if (!is_int_d(y)) return __builtin_nan("");
        double r = pow_d(-x, y);
        return odd ? -r : r;
    }
    if (x == __builtin_inf()) return y > 0 ? x : 0.0;
    return exp_d(y * log_d(x));
}

DEV float f32_of(double x) { return (float)x; }
