namespace SpanNet.Inference;

/// <summary>How an <see cref="InferenceModel"/> stores its dense layers' weights (everything else stays fp32).</summary>
public enum WeightPrecision
{
    /// <summary>32-bit floats, as trained: the reference results.</summary>
    Fp32 = 0,

    /// <summary>
    /// bfloat16 weights (round to nearest, ties to even: eight significant bits, a relative error of at most 2⁻⁸ per weight), widened exactly
    /// to fp32 in registers; inputs, biases and every sum stay fp32. Half the weight bytes of <see cref="Fp32"/>.
    /// </summary>
    BFloat16 = 1,

    /// <summary>
    /// int8 weights with one scale per output (<c>max |w| / 127</c>), each input row quantized to seven bits with its
    /// own scale on the fly, the dot products exact 32-bit integer sums; biases stay fp32. A quarter of the weight bytes.
    /// </summary>
    Int8 = 2,
}
