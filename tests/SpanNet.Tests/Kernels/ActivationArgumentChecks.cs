using System;
using SpanNet.Kernels;
using Xunit;

namespace SpanNet.Tests.Kernels;

/// <summary>
/// Every argument check of issue #17's activation kernels, tripped through the public method: the exception names
/// the parameter, its message says why, and nothing was written (every span still holds its sentinel).
/// </summary>
public sealed class ActivationArgumentChecks
{
    private const float Sentinel = 1234.5f;

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "Gelu length", "y", "has length" },
        { "Gelu overlap", "y", "partially overlaps" },
        { "GeluBackward input", "input", "has length" },
        { "GeluBackward dInput", "dInput", "has length" },
        { "GeluBackward dOutput overlap", "dInput", "partially overlaps" },
        { "GeluBackward input overlap", "dInput", "partially overlaps" },
        { "GeluTanh length", "y", "has length" },
        { "GeluTanh overlap", "y", "partially overlaps" },
        { "GeluTanhBackward input", "input", "has length" },
        { "GeluTanhBackward dInput overlap", "dInput", "partially overlaps" },
        { "Silu length", "y", "has length" },
        { "Silu overlap", "y", "partially overlaps" },
        { "SiluBackward dInput", "dInput", "has length" },
        { "SiluBackward input overlap", "dInput", "partially overlaps" },
        { "Softplus zero beta", "beta", "finite and positive" },
        { "Softplus negative beta", "beta", "finite and positive" },
        { "Softplus NaN beta", "beta", "finite and positive" },
        { "Softplus infinite beta", "beta", "finite and positive" },
        { "Softplus NaN threshold", "threshold", "must be finite" },
        { "Softplus infinite threshold", "threshold", "must be finite" },
        { "Softplus length", "y", "has length" },
        { "Softplus overlap", "y", "partially overlaps" },
        { "SoftplusBackward beta", "beta", "finite and positive" },
        { "SoftplusBackward threshold", "threshold", "must be finite" },
        { "SoftplusBackward input", "input", "has length" },
        { "SoftplusBackward dInput overlap", "dInput", "partially overlaps" },
        { "HardSwish length", "y", "has length" },
        { "HardSwish overlap", "y", "partially overlaps" },
        { "HardSwishBackward dInput", "dInput", "has length" },
        { "HardSwishBackward dOutput overlap", "dInput", "partially overlaps" },
        { "HardSigmoid NaN alpha", "alpha", "must be finite" },
        { "HardSigmoid infinite beta", "beta", "must be finite" },
        { "HardSigmoid length", "y", "has length" },
        { "HardSigmoid overlap", "y", "partially overlaps" },
        { "HardSigmoidBackward alpha", "alpha", "must be finite" },
        { "HardSigmoidBackward NaN beta", "beta", "must be finite" },
        { "HardSigmoidBackward input", "input", "has length" },
        { "HardSigmoidBackward dInput overlap", "dInput", "partially overlaps" },
        { "Clip min above max", "max", "at least min" },
        { "Clip NaN min", "min", "must not be NaN" },
        { "Clip NaN max", "max", "must not be NaN" },
        { "Clip length", "y", "has length" },
        { "Clip overlap", "y", "partially overlaps" },
        { "ClipBackward min above max", "max", "at least min" },
        { "ClipBackward NaN max", "max", "must not be NaN" },
        { "ClipBackward input", "input", "has length" },
        { "ClipBackward dInput overlap", "dInput", "partially overlaps" },
        { "PRelu batch", "batch", "non-negative" },
        { "PRelu features", "features", "non-negative" },
        { "PRelu x", "x", "has length" },
        { "PRelu slopes", "slopes", "has length" },
        { "PRelu y", "y", "has length" },
        { "PRelu overlap", "y", "partially overlaps" },
        { "PRelu y over slopes", "y", "overlaps an input" },
        { "PReluBackward batch", "batch", "non-negative" },
        { "PReluBackward features", "features", "non-negative" },
        { "PReluBackward dOutput", "dOutput", "has length" },
        { "PReluBackward input", "input", "has length" },
        { "PReluBackward slopes", "slopes", "has length" },
        { "PReluBackward dSlopes", "dSlopes", "has length" },
        { "PReluBackward dInput", "dInput", "has length" },
        { "PReluBackward dInput partial overlap", "dInput", "partially overlaps" },
        { "PReluBackward dInput over slopes", "dInput", "overlaps an input" },
        { "PReluBackward dInput over dSlopes", "dInput", "overlaps an input" },
        { "PReluBackward dSlopes over dOutput", "dSlopes", "overlaps an input" },
        { "PReluBackward dSlopes over input", "dSlopes", "overlaps an input" },
        { "PReluBackward dSlopes over slopes", "dSlopes", "overlaps an input" },
        { "Erf length", "y", "has length" },
        { "Erf overlap", "y", "partially overlaps" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_argument_is_rejected_naming_it_and_nothing_is_written(string call, string parameter, string phrase)
    {
        float[] a = Filled(8), b = Filled(8), c = Filled(8), d = Filled(8), w = Filled(16);
        Action act = call switch
        {
            "Gelu length" => () => Activations.Gelu(a.AsSpan(0, 4), b.AsSpan(0, 3)),
            "Gelu overlap" => () => Activations.Gelu(w.AsSpan(0, 4), w.AsSpan(1, 4)),
            "GeluBackward input" => () => Activations.GeluBackward(a.AsSpan(0, 4), b.AsSpan(0, 3), c.AsSpan(0, 4)),
            "GeluBackward dInput" => () => Activations.GeluBackward(a.AsSpan(0, 4), b.AsSpan(0, 4), c.AsSpan(0, 5)),
            "GeluBackward dOutput overlap" => () => Activations.GeluBackward(w.AsSpan(0, 4), b.AsSpan(0, 4), w.AsSpan(2, 4)),
            "GeluBackward input overlap" => () => Activations.GeluBackward(a.AsSpan(0, 4), w.AsSpan(0, 4), w.AsSpan(2, 4)),
            "GeluTanh length" => () => Activations.GeluTanh(a.AsSpan(0, 4), b.AsSpan(0, 5)),
            "GeluTanh overlap" => () => Activations.GeluTanh(w.AsSpan(0, 4), w.AsSpan(3, 4)),
            "GeluTanhBackward input" => () => Activations.GeluTanhBackward(a.AsSpan(0, 4), b.AsSpan(0, 3), c.AsSpan(0, 4)),
            "GeluTanhBackward dInput overlap" => () => Activations.GeluTanhBackward(a.AsSpan(0, 4), w.AsSpan(0, 4), w.AsSpan(1, 4)),
            "Silu length" => () => Activations.Silu(a.AsSpan(0, 4), b.AsSpan(0, 3)),
            "Silu overlap" => () => Activations.Silu(w.AsSpan(0, 4), w.AsSpan(1, 4)),
            "SiluBackward dInput" => () => Activations.SiluBackward(a.AsSpan(0, 4), b.AsSpan(0, 4), c.AsSpan(0, 3)),
            "SiluBackward input overlap" => () => Activations.SiluBackward(a.AsSpan(0, 4), w.AsSpan(0, 4), w.AsSpan(2, 4)),
            "Softplus zero beta" => () => Activations.Softplus(a, 0f, 20f, b),
            "Softplus negative beta" => () => Activations.Softplus(a, -1f, 20f, b),
            "Softplus NaN beta" => () => Activations.Softplus(a, float.NaN, 20f, b),
            "Softplus infinite beta" => () => Activations.Softplus(a, float.PositiveInfinity, 20f, b),
            "Softplus NaN threshold" => () => Activations.Softplus(a, 1f, float.NaN, b),
            "Softplus infinite threshold" => () => Activations.Softplus(a, 1f, float.PositiveInfinity, b),
            "Softplus length" => () => Activations.Softplus(a.AsSpan(0, 4), 1f, 20f, b.AsSpan(0, 3)),
            "Softplus overlap" => () => Activations.Softplus(w.AsSpan(0, 4), 1f, 20f, w.AsSpan(1, 4)),
            "SoftplusBackward beta" => () => Activations.SoftplusBackward(a, b, 0f, 20f, c),
            "SoftplusBackward threshold" => () => Activations.SoftplusBackward(a, b, 1f, float.NegativeInfinity, c),
            "SoftplusBackward input" => () => Activations.SoftplusBackward(a.AsSpan(0, 4), b.AsSpan(0, 3), 1f, 20f, c.AsSpan(0, 4)),
            "SoftplusBackward dInput overlap" => () => Activations.SoftplusBackward(w.AsSpan(0, 4), b.AsSpan(0, 4), 1f, 20f, w.AsSpan(2, 4)),
            "HardSwish length" => () => Activations.HardSwish(a.AsSpan(0, 4), b.AsSpan(0, 3)),
            "HardSwish overlap" => () => Activations.HardSwish(w.AsSpan(0, 4), w.AsSpan(1, 4)),
            "HardSwishBackward dInput" => () => Activations.HardSwishBackward(a.AsSpan(0, 4), b.AsSpan(0, 4), c.AsSpan(0, 5)),
            "HardSwishBackward dOutput overlap" => () => Activations.HardSwishBackward(w.AsSpan(0, 4), b.AsSpan(0, 4), w.AsSpan(2, 4)),
            "HardSigmoid NaN alpha" => () => Activations.HardSigmoid(a, float.NaN, 0.5f, b),
            "HardSigmoid infinite beta" => () => Activations.HardSigmoid(a, 0.2f, float.PositiveInfinity, b),
            "HardSigmoid length" => () => Activations.HardSigmoid(a.AsSpan(0, 4), 0.2f, 0.5f, b.AsSpan(0, 3)),
            "HardSigmoid overlap" => () => Activations.HardSigmoid(w.AsSpan(0, 4), 0.2f, 0.5f, w.AsSpan(1, 4)),
            "HardSigmoidBackward alpha" => () => Activations.HardSigmoidBackward(a, b, float.NegativeInfinity, 0.5f, c),
            "HardSigmoidBackward NaN beta" => () => Activations.HardSigmoidBackward(a, b, 0.2f, float.NaN, c),
            "HardSigmoidBackward input" => () => Activations.HardSigmoidBackward(a.AsSpan(0, 4), b.AsSpan(0, 3), 0.2f, 0.5f, c.AsSpan(0, 4)),
            "HardSigmoidBackward dInput overlap" => () => Activations.HardSigmoidBackward(a.AsSpan(0, 4), w.AsSpan(0, 4), 0.2f, 0.5f, w.AsSpan(2, 4)),
            "Clip min above max" => () => Activations.Clip(a, 1f, 0f, b),
            "Clip NaN min" => () => Activations.Clip(a, float.NaN, 6f, b),
            "Clip NaN max" => () => Activations.Clip(a, 0f, float.NaN, b),
            "Clip length" => () => Activations.Clip(a.AsSpan(0, 4), 0f, 6f, b.AsSpan(0, 3)),
            "Clip overlap" => () => Activations.Clip(w.AsSpan(0, 4), 0f, 6f, w.AsSpan(1, 4)),
            "ClipBackward min above max" => () => Activations.ClipBackward(a, b, 6f, 0f, c),
            "ClipBackward NaN max" => () => Activations.ClipBackward(a, b, 0f, float.NaN, c),
            "ClipBackward input" => () => Activations.ClipBackward(a.AsSpan(0, 4), b.AsSpan(0, 3), 0f, 6f, c.AsSpan(0, 4)),
            "ClipBackward dInput overlap" => () => Activations.ClipBackward(w.AsSpan(0, 4), b.AsSpan(0, 4), 0f, 6f, w.AsSpan(2, 4)),
            "PRelu batch" => () => Activations.PRelu(a, b.AsSpan(0, 2), c, -1, 2),
            "PRelu features" => () => Activations.PRelu(a, b.AsSpan(0, 2), c, 4, -2),
            "PRelu x" => () => Activations.PRelu(a.AsSpan(0, 7), b.AsSpan(0, 2), c, 4, 2),
            "PRelu slopes" => () => Activations.PRelu(a, b.AsSpan(0, 3), c, 4, 2),
            "PRelu y" => () => Activations.PRelu(a, b.AsSpan(0, 2), c.AsSpan(0, 7), 4, 2),
            "PRelu overlap" => () => Activations.PRelu(w.AsSpan(0, 8), b.AsSpan(0, 2), w.AsSpan(1, 8), 4, 2),
            "PRelu y over slopes" => () => Activations.PRelu(a, w.AsSpan(0, 2), w.AsSpan(0, 8), 4, 2),
            "PReluBackward batch" => () => Activations.PReluBackward(a, b, c.AsSpan(0, 2), d, w.AsSpan(0, 2), -4, 2),
            "PReluBackward features" => () => Activations.PReluBackward(a, b, c.AsSpan(0, 2), d, w.AsSpan(0, 2), 4, -2),
            "PReluBackward dOutput" => () => Activations.PReluBackward(a.AsSpan(0, 6), b, c.AsSpan(0, 2), d, w.AsSpan(0, 2), 4, 2),
            "PReluBackward input" => () => Activations.PReluBackward(a, b.AsSpan(0, 6), c.AsSpan(0, 2), d, w.AsSpan(0, 2), 4, 2),
            "PReluBackward slopes" => () => Activations.PReluBackward(a, b, c.AsSpan(0, 3), d, w.AsSpan(0, 2), 4, 2),
            "PReluBackward dSlopes" => () => Activations.PReluBackward(a, b, c.AsSpan(0, 2), d, w.AsSpan(0, 1), 4, 2),
            "PReluBackward dInput" => () => Activations.PReluBackward(a, b, c.AsSpan(0, 2), d.AsSpan(0, 6), w.AsSpan(0, 2), 4, 2),
            "PReluBackward dInput partial overlap" => () => Activations.PReluBackward(w.AsSpan(0, 8), b, c.AsSpan(0, 2), w.AsSpan(1, 8), d.AsSpan(0, 2), 4, 2),
            "PReluBackward dInput over slopes" => () => Activations.PReluBackward(a, b, w.AsSpan(0, 2), w.AsSpan(0, 8), d.AsSpan(0, 2), 4, 2),
            "PReluBackward dInput over dSlopes" => () => Activations.PReluBackward(a, b, c.AsSpan(0, 2), w.AsSpan(0, 8), w.AsSpan(6, 2), 4, 2),
            "PReluBackward dSlopes over dOutput" => () => Activations.PReluBackward(w.AsSpan(0, 8), b, c.AsSpan(0, 2), d, w.AsSpan(4, 2), 4, 2),
            "PReluBackward dSlopes over input" => () => Activations.PReluBackward(a, w.AsSpan(0, 8), c.AsSpan(0, 2), [], w.AsSpan(7, 2), 4, 2),
            "PReluBackward dSlopes over slopes" => () => Activations.PReluBackward(a, b, w.AsSpan(0, 2), d, w.AsSpan(1, 2), 4, 2),
            "Erf length" => () => Transcendentals.Erf(a.AsSpan(0, 4), b.AsSpan(0, 3)),
            "Erf overlap" => () => Transcendentals.Erf(w.AsSpan(0, 4), w.AsSpan(1, 4)),
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, "No such case."),
        };

        ArgumentException error = Assert.ThrowsAny<ArgumentException>(act);
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(phrase, error.Message, StringComparison.Ordinal);
        foreach (float[] array in (float[][])[a, b, c, d, w])
        {
            Assert.All(array, value => Assert.Equal(Sentinel, value));
        }
    }

    [Fact]
    public void Pure_infinite_clip_bounds_and_equal_bounds_are_accepted()
    {
        float[] x = [-2f, 0.5f, 9f];
        var y = new float[3];
        Activations.Clip(x, float.NegativeInfinity, float.PositiveInfinity, y);
        Assert.Equal(x, y);
        Activations.Clip(x, 1f, 1f, y);
        Assert.Equal([1f, 1f, 1f], y);
        Activations.ClipBackward([1f, 1f, 1f], x, 1f, 1f, y);
        Assert.Equal([0f, 0f, 0f], y);
    }

    private static float[] Filled(int length)
    {
        float[] values = new float[length];
        values.AsSpan().Fill(Sentinel);
        return values;
    }
}
