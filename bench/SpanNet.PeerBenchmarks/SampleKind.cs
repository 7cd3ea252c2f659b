namespace SpanNet.PeerBenchmarks;

/// <summary>Which input a single-sample inference benchmark feeds.</summary>
public enum SampleKind
{
    /// <summary>MNIST test digit 0: 784 pixels in [0, 1], about 81 % of them exactly 0.</summary>
    MnistDigit,

    /// <summary>784 uniform values in [0, 1), none of them 0: the dense worst case for SpanNet's zero skipping.</summary>
    UniformDense,
}
