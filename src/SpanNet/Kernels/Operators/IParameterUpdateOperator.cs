using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary>
/// One optimizer's update of a parameter from its gradient and up to two state values (velocity, moments).
/// An instance carries the step's hyperparameters; <see cref="Broadcast{TVec}"/> turns them into vectors once per pass.
/// </summary>
internal interface IParameterUpdateOperator
{
    /// <summary>How many state spans this update reads and writes (0, 1 or 2); a JIT-time constant.</summary>
    static abstract int StateCount { get; }

    /// <summary>This step's hyperparameters at width <typeparamref name="TVec"/>.</summary>
    UpdateConstants<TVec> Broadcast<TVec>()
        where TVec : struct, IFloatVector<TVec>;

    /// <summary>One vector's update, with the constants <see cref="Broadcast{TVec}"/> made.</summary>
    static abstract void Invoke<TVec>(in UpdateConstants<TVec> k, ref TVec parameter, TVec gradient, ref TVec state1, ref TVec state2)
        where TVec : struct, IFloatVector<TVec>;
}
