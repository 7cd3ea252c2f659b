using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary>
/// One optimizer's update of a parameter from its gradient and up to two state values (velocity, moments).
/// An instance carries the step's hyperparameters; the driver broadcasts nothing itself.
/// </summary>
internal interface IParameterUpdateOperator
{
    /// <summary>How many state spans this update reads and writes (0, 1 or 2); a JIT-time constant.</summary>
    static abstract int StateCount { get; }

    void Invoke<TVec>(ref TVec parameter, TVec gradient, ref TVec state1, ref TVec state2)
        where TVec : struct, IFloatVector<TVec>;
}
