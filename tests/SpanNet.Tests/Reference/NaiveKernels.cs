using System;

namespace SpanNet.Tests.Reference;

/// <summary>
/// The plain-loop reference every kernel is held to: no SIMD, double accumulation, the formulas as the material
/// writes them. Nothing in src/ uses this.
/// </summary>
internal static class NaiveKernels
{
    /// <summary>C = α·op(A)·op(B) + β·C in double, with Σ|a·b| per element for the error bound.</summary>
    public static (double[] Result, double[] AbsoluteSum) Gemm(
        float[] a, float[] b, float[] c, int m, int n, int k, bool transposeA, bool transposeB, float alpha, float beta)
    {
        var result = new double[m * n];
        var absoluteSum = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0, abs = 0;
                for (int p = 0; p < k; p++)
                {
                    double av = transposeA ? a[(p * m) + i] : a[(i * k) + p];
                    double bv = transposeB ? b[(j * k) + p] : b[(p * n) + j];
                    sum += av * bv;
                    abs += Math.Abs(av * bv);
                }

                double prior = beta == 0f ? 0 : (double)beta * c[(i * n) + j];
                result[(i * n) + j] = (alpha * sum) + prior;
                absoluteSum[(i * n) + j] = (Math.Abs(alpha) * abs) + Math.Abs(prior);
            }
        }

        return (result, absoluteSum);
    }

    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    public static double Relu(double x) => Math.Max(x, 0);

    public static double LeakyRelu(double x, double slope) => x > 0 ? x : slope * x;

    /// <summary>e^x − 1 without cancellation near 0: the series below 1e-5 (remainder under 1e-16 relative), else exp − 1.</summary>
    public static double ExpMinusOne(double x) => Math.Abs(x) < 1e-5 ? x + (x * x / 2) + (x * x * x / 6) : Math.Exp(x) - 1;

    public static double Elu(double x, double alpha) => x > 0 ? x : alpha * ExpMinusOne(x);

    public static double Step(double x) => x > 0 ? 1 : 0;

    /// <summary>
    /// erf in double to about 1e-15 relative: below 2.5 the series 2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)), whose terms
    /// are all positive (nothing cancels); from 2.5 on, 1 − <see cref="Erfc"/>.
    /// </summary>
    public static double Erf(double x)
    {
        double a = Math.Abs(x);
        if (double.IsNaN(x))
        {
            return x;
        }

        if (a >= 2.5)
        {
            return Math.CopySign(1 - Erfc(a), x);
        }

        double term = a, sum = a, square = a * a;
        for (int n = 1; term > sum * 1e-18; n++)
        {
            term *= 2 * square / ((2 * n) + 1);
            sum += term;
        }

        return Math.CopySign(2 / Math.Sqrt(Math.PI) * Math.Exp(-square) * sum, x);
    }

    /// <summary>
    /// erfc in double, to about 1e-14 relative for every x: 1 − erf below 2.5 (erfc ≥ 4e-4 there, so at most four
    /// digits cancel), the continued fraction e^(−x²)/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …)))) above (modified Lentz).
    /// </summary>
    public static double Erfc(double x)
    {
        if (x < 2.5)
        {
            return 1 - Erf(x);
        }

        if (x > 27)
        {
            return 0;   // below 1e-318: 0 in every float comparison
        }

        // f = x + K(k/2 / x) evaluated from the top with Lentz's method.
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int k = 1; k < 500; k++)
        {
            double numerator = k / 2.0;
            d = x + (numerator * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = x + (numerator / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }

    /// <summary>The standard normal CDF Φ(x), from erfc on the side where it is small, so either tail keeps its digits.</summary>
    public static double NormalCdf(double x) =>
        x < 0 ? 0.5 * Erfc(-x / Math.Sqrt(2)) : 1 - (0.5 * Erfc(x / Math.Sqrt(2)));

    public static double NormalDensity(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

    public static double Gelu(double x) => x * NormalCdf(x);

    public static double GeluDerivative(double x) => NormalCdf(x) + (x * NormalDensity(x));

    /// <summary>σ(v) without overflow: e^v/(1 + e^v) for v &lt; 0.</summary>
    public static double Logistic(double v) => v >= 0 ? 1 / (1 + Math.Exp(-v)) : Math.Exp(v) / (1 + Math.Exp(v));

    /// <summary>The tanh argument's double, 2u = 2√(2/π)(x + 0.044715x³), exact constants.</summary>
    public static double GeluTanhArgument(double x) => 2 * Math.Sqrt(2 / Math.PI) * (x + (0.044715 * x * x * x));

    /// <summary>½x(1 + tanh(u)) written as x·σ(2u), the same value without 1 + tanh's cancellation for x &lt; 0.</summary>
    public static double GeluTanh(double x) => x * Logistic(GeluTanhArgument(x));

    public static double GeluTanhDerivative(double x)
    {
        double v = GeluTanhArgument(x), sigma = Logistic(v), complement = Logistic(-v);
        double slope = 2 * Math.Sqrt(2 / Math.PI) * (1 + (3 * 0.044715 * x * x));
        return sigma + (x * sigma * complement * slope);
    }

    public static double Silu(double x) => x * Logistic(x);

    public static double SiluDerivative(double x) => Logistic(x) * (1 + (x * Logistic(-x)));

    /// <summary>log(1 + u) to double precision for any u &gt; −1: log(w)·u/(w − 1), w = 1 + u rounded (Goldberg's trick).</summary>
    public static double LogOnePlus(double u)
    {
        double w = 1 + u;
        return w == 1 ? u : Math.Log(w) * u / (w - 1);
    }

    /// <summary>torch's Softplus: x where β·x (rounded to float, as torch compares it) exceeds the threshold, else log(1 + e^(βx))/β.</summary>
    public static double Softplus(float x, float beta, float threshold)
    {
        if (beta * x > threshold)
        {
            return x;
        }

        double z = (double)beta * x;
        double log = z > 0 ? z + LogOnePlus(Math.Exp(-z)) : LogOnePlus(Math.Exp(z));
        return log / beta;
    }

    public static double SoftplusDerivative(float x, float beta, float threshold) =>
        beta * x > threshold ? 1 : Logistic((double)beta * x);

    public static double HardSwish(double x) => x * Math.Min(Math.Max(x + 3, 0), 6) / 6;

    /// <summary>torch's hardswish_backward: 0 below −3, (2x + 3)/6 on [−3, 3] (both ends), 1 above 3.</summary>
    public static double HardSwishDerivative(double x) => x < -3 ? 0 : x <= 3 ? ((2 * x) + 3) / 6 : 1;

    public static double HardSigmoid(double x, double alpha, double beta) => Math.Max(0, Math.Min(1, (alpha * x) + beta));

    /// <summary>α strictly inside 0 &lt; αx + β &lt; 1 (exact in double for float α, x, β), else 0.</summary>
    public static double HardSigmoidDerivative(double x, double alpha, double beta)
    {
        double v = (alpha * x) + beta;
        return v > 0 && v < 1 ? alpha : 0;
    }

    public static double Clip(double x, double min, double max) => Math.Min(Math.Max(x, min), max);

    /// <summary>hardtanh_backward: 1 strictly inside (min, max), else 0.</summary>
    public static double ClipDerivative(double x, double min, double max) => x > min && x < max ? 1 : 0;

    public static double PRelu(double x, double slope) => x > 0 ? x : slope * x;

    public static double[] SoftmaxRow(ReadOnlySpan<float> x)
    {
        double max = double.NegativeInfinity;
        foreach (float v in x)
        {
            max = Math.Max(max, v);
        }

        var y = new double[x.Length];
        double sum = 0;
        for (int j = 0; j < x.Length; j++)
        {
            y[j] = Math.Exp(x[j] - max);
            sum += y[j];
        }

        for (int j = 0; j < x.Length; j++)
        {
            y[j] /= sum;
        }

        return y;
    }

    public static double LogSumExp(ReadOnlySpan<float> x)
    {
        double max = double.NegativeInfinity;
        foreach (float v in x)
        {
            max = Math.Max(max, v);
        }

        double sum = 0;
        foreach (float v in x)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>Squared error per the convention, averaged over rows.</summary>
    public static double MeanSquaredError(float[] y, float[] t, int rows, int columns, bool halfSum)
    {
        double total = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double d = (double)y[i] - t[i];
            total += d * d;
        }

        double perSample = halfSum ? 0.5 : 1.0 / columns;
        return total * perSample / rows;
    }

    public static double CrossEntropy(float[] p, float[] t, int rows)
    {
        double total = 0;
        for (int i = 0; i < p.Length; i++)
        {
            total -= t[i] * Math.Log(Math.Max(p[i], 1e-7));
        }

        return total / rows;
    }

    public static double BinaryCrossEntropy(float[] p, float[] t)
    {
        double total = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double q = Math.Clamp(p[i], 1e-7, 1 - 1e-7);
            total -= (t[i] * Math.Log(q)) + ((1 - t[i]) * Math.Log(1 - q));
        }

        return total / p.Length;
    }

    public static double SoftmaxCrossEntropy(float[] logits, float[] t, int rows, int columns)
    {
        double total = 0;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> row = logits.AsSpan(i * columns, columns);
            double lse = LogSumExp(row);
            for (int j = 0; j < columns; j++)
            {
                total += t[(i * columns) + j] * (lse - row[j]);
            }
        }

        return total / rows;
    }
}
