// Host check of cuda-kernels/devmath.h against libm: max relative error of exp/log/tanh/sigmoid/pow over many inputs.
// Built and run by DevMathTests (clang-14 or g++); prints "ok <max rel err>" or the first failure.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include "../../cuda-kernels/devmath.h"

static double worst = 0;
static int check(const char* name, double x, double y, double got, double want)
{
    if (std::isnan(want) && std::isnan(got)) return 0;
    if (std::isinf(want) && got == want) return 0;
    double err = std::fabs(got - want) / (std::fabs(want) > 1e-300 ? std::fabs(want) : 1.0);
    if (err > worst) worst = err;
    if (err > 1e-13) { std::printf("FAIL %s(%.17g, %.17g): got %.17g want %.17g (rel %.3g)\n", name, x, y, got, want, err); return 1; }
    return 0;
}

int main()
{
    int bad = 0;
    srand(1);
    for (int i = 0; i < 200000 && bad < 5; i++)
    {
        double u = rand() / (double)RAND_MAX, v = rand() / (double)RAND_MAX;
        double x = (u - 0.5) * (i % 3 == 0 ? 1400 : i % 3 == 1 ? 40 : 1e-6);
        bad += check("exp", x, 0, exp_d(x), std::exp(x));
        bad += check("expm1", x, 0, expm1_d(x), std::expm1(x));
        bad += check("tanh", x, 0, tanh_d(x), std::tanh(x));
        bad += check("sigmoid", x, 0, sigmoid_d(x), 1.0 / (1.0 + std::exp(-x)));
        double p = std::ldexp(0.5 + u, (int)((v - 0.5) * 2000));
        bad += check("log", p, 0, log_d(p), std::log(p));
        double b = (u - 0.5) * 8, e = (v - 0.5) * 10;
        bad += check("pow", b, e, pow_d(b, e), std::pow(b, e));
        bad += check("pow", b, std::round(e), pow_d(b, std::round(e)), std::pow(b, std::round(e)));
    }
    double specials[] = {0.0, -0.0, 1.0, -1.0, INFINITY, -INFINITY, NAN, 5e-324, 1e308};
    for (double a : specials)
    {
        bad += check("exp", a, 0, exp_d(a), std::exp(a));
        bad += check("log", a, 0, log_d(a), std::log(a));
        bad += check("tanh", a, 0, tanh_d(a), std::tanh(a));
        for (double b : specials) bad += check("pow", a, b, pow_d(a, b), std::pow(a, b));
    }
    if (bad) return 1;
    std::printf("ok %.3g\n", worst);
    return 0;
}
