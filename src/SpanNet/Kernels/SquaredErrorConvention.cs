namespace SpanNet.Kernels;

/// <summary>The two squared-error losses the material uses, per sample, before averaging over the batch.</summary>
public enum SquaredErrorConvention
{
    /// <summary><c>½ Σⱼ (yⱼ − tⱼ)²</c>, whose gradient is <c>y − t</c> (DLFS's <c>sum_squared_error</c>).</summary>
    HalfSum,

    /// <summary><c>(1/n) Σⱼ (yⱼ − tⱼ)²</c> over n outputs, whose gradient is <c>2(y − t)/n</c> (Keras' <c>mse</c>).</summary>
    Mean,
}
