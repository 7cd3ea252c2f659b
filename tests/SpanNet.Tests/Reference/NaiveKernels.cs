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
