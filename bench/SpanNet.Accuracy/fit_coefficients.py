"""Fits the polynomial coefficients of src/SpanNet/Kernels/Simd/VectorMath.Erf.cs and VectorMath.Logistic.cs.

Run with Debian's python3 (numpy, mpmath): /usr/bin/python3 bench/SpanNet.Accuracy/fit_coefficients.py
Each fit is a least-squares fit weighted to relative error, reweighted by its own error (Lawson's iteration) until
it approaches the minimax fit; the printed error is with the coefficients rounded to float32.
"""
import mpmath as mp
import numpy as np

mp.mp.dps = 30


def lawson(values, basis_variable, degree, weight, iterations=150):
    vander = np.vander(basis_variable, degree + 1)
    extra = np.ones_like(basis_variable)
    for _ in range(iterations):
        w = weight * np.sqrt(extra)
        coefficients, *_ = np.linalg.lstsq(vander * w[:, None], values * w, rcond=None)
        error = np.abs(vander @ coefficients - values) * weight
        extra = extra * error
        extra /= extra.sum()
    rounded = coefficients.astype(np.float32).astype(np.float64)
    return coefficients, (np.abs(vander @ rounded - values) * weight).max()


def show(name, coefficients, error):
    print(name, "highest degree first:", [repr(np.float32(c)) for c in coefficients], "max relative error %.2e" % error)


# erf(x) = x·(1 + P(x²)) for |x| < 0.9, P of degree 5, relative to erf(x)/x.
x = np.linspace(1e-6, 0.9, 8001)
ratio = np.array([float(mp.erf(v) / v) for v in x])
show("erf series P", *lawson(ratio - 1, x**2, 5, 1 / ratio))

# R(a) = Φ(−a)·e^(a²/2) = t·S(t), t = 1/(1 + 0.3a), a in [0, 15], S of degree 9.
a = np.linspace(0, 15, 12001)
tail = np.array([float(0.5 * mp.erfc(mp.mpf(v) / mp.sqrt(2)) * mp.exp(mp.mpf(v) ** 2 / 2)) for v in a])
t = 1 / (1 + 0.3 * a)
show("normal tail S", *lawson(tail / t, t, 9, t / tail))

# log(1 + e) = 2s·Q(z), s = e/(2 + e) in [0, 1/3], z = s², Q of degree 4 whose constant term fits to 1 (kept exact).
s = np.linspace(1e-6, 1 / 3, 8001)
series = np.array([float(mp.log1p(2 * v / (1 - v)) / (2 * v)) for v in s])
show("log1p L", *lawson(series, s**2, 4, 1 / series))
