using System;

namespace SpanNet.Layers;

/// <summary>
/// erf in double precision for the activation table's references (GELU's), which .NET's <see cref="Math"/> lacks:
/// the Maclaurin series <c>erf x = 2/√π · Σ (−1)ⁿ x^(2n+1) / (n!(2n+1))</c> up to |x| = 3 (its cancellation leaves about 1e-12 there), the
/// asymptotic series of erfc beyond (its first omitted term is below 1e-11 at 3), and ±1 past 6, where 1 − erf x is
/// below double's resolution.
/// </summary>
internal static class DoubleErf
{
    private const double SeriesLimit = 3;
    private const double SaturationLimit = 6;

    public static double Erf(double x)
    {
        double a = Math.Abs(x);
        if (double.IsNaN(x) || a == 0)
        {
            return x;
        }

        if (a >= SaturationLimit)
        {
            return Math.CopySign(1, x);
        }

        if (a <= SeriesLimit)
        {
            double square = a * a, power = a, sum = a;
            for (int n = 1; n < 200; n++)
            {
                power *= -square / n;
                double term = power / ((2 * n) + 1);
                sum += term;
                if (Math.Abs(term) < 1e-17 * Math.Abs(sum))
                {
                    break;
                }
            }

            return Math.CopySign(2 / Math.Sqrt(Math.PI) * sum, x);
        }

        // erfc a ≈ e^(−a²)/(a√π) · Σ (−1)ⁿ (2n − 1)!! / (2a²)ⁿ, summed while its terms shrink.
        double inverse = 1 / (2 * a * a), factor = 1, series = 1;
        for (int n = 1; n < 20; n++)
        {
            double next = -factor * ((2 * n) - 1) * inverse;
            if (Math.Abs(next) >= Math.Abs(factor))
            {
                break;
            }

            factor = next;
            series += factor;
        }

        return Math.CopySign(1 - (Math.Exp(-a * a) / (a * Math.Sqrt(Math.PI)) * series), x);
    }
}
