using System;

namespace SpanNet.Accuracy;

/// <summary>The largest errors of one kernel at one width, and where.</summary>
internal sealed class Statistics
{
    private const double SmallestNormal = 1.1754943508222875e-38;
    private const double SmallestSubnormal = 1.4012984643248171e-45;

    // A double beyond this rounds to ±∞ in float (the largest float plus half its ulp).
    private const double FloatOverflow = 3.4028235677973366e38;

    public long Count { get; private set; }

    public double MaxRelative { get; private set; }

    public float AtRelative { get; private set; }

    public double MaxRelativeNear { get; private set; }

    public float AtRelativeNear { get; private set; }

    public double MaxAbsolute { get; private set; }

    public float AtAbsolute { get; private set; }

    public double MaxSubnormalSteps { get; private set; }

    public long WrongNonFinite { get; private set; }

    public static Statistics[,] Table(int kernels, int widths)
    {
        var table = new Statistics[kernels, widths];
        for (int k = 0; k < kernels; k++)
        {
            for (int w = 0; w < widths; w++)
            {
                table[k, w] = new Statistics();
            }
        }

        return table;
    }

    public void Add(float x, float y, double expected)
    {
        Count++;
        if (double.IsNaN(expected) || Math.Abs(expected) >= FloatOverflow)
        {
            bool agrees = double.IsNaN(expected) ? float.IsNaN(y) : float.IsInfinity(y) && Math.Sign(y) == Math.Sign(expected);
            WrongNonFinite += agrees ? 0 : 1;
            return;
        }

        if (!float.IsFinite(y))
        {
            WrongNonFinite++;
            return;
        }

        double error = Math.Abs(y - expected);
        if (error > MaxAbsolute)
        {
            (MaxAbsolute, AtAbsolute) = (error, x);
        }

        if (Math.Abs(expected) < SmallestNormal)
        {
            MaxSubnormalSteps = Math.Max(MaxSubnormalSteps, error / SmallestSubnormal);
            return;
        }

        double relative = error / Math.Abs(expected);
        if (relative > MaxRelative)
        {
            (MaxRelative, AtRelative) = (relative, x);
        }

        if (Math.Abs(x) <= 5 && relative > MaxRelativeNear)
        {
            (MaxRelativeNear, AtRelativeNear) = (relative, x);
        }
    }

    public void Merge(Statistics other)
    {
        Count += other.Count;
        WrongNonFinite += other.WrongNonFinite;
        MaxSubnormalSteps = Math.Max(MaxSubnormalSteps, other.MaxSubnormalSteps);
        if (other.MaxRelative > MaxRelative)
        {
            (MaxRelative, AtRelative) = (other.MaxRelative, other.AtRelative);
        }

        if (other.MaxRelativeNear > MaxRelativeNear)
        {
            (MaxRelativeNear, AtRelativeNear) = (other.MaxRelativeNear, other.AtRelativeNear);
        }

        if (other.MaxAbsolute > MaxAbsolute)
        {
            (MaxAbsolute, AtAbsolute) = (other.MaxAbsolute, other.AtAbsolute);
        }
    }
}
