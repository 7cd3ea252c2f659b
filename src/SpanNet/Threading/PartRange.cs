namespace SpanNet.Threading;

/// <summary>The share of [0, length) that part <c>index</c> of <c>count</c> takes, cut at multiples of a unit.</summary>
internal static class PartRange
{
    /// <summary>
    /// Part <paramref name="index"/> of <paramref name="count"/> of [0, <paramref name="length"/>), its ends at
    /// multiples of <paramref name="unit"/> (the last clipped to <paramref name="length"/>); parts cover the range once.
    /// </summary>
    public static (int Start, int End) Of(int length, int unit, int index, int count)
    {
        long units = ((long)length + unit - 1) / unit;
        int start = (int)System.Math.Min(length, units * index / count * unit);
        int end = (int)System.Math.Min(length, units * (index + 1) / count * unit);
        return (start, end);
    }
}
