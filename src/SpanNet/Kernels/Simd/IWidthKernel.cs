namespace SpanNet.Kernels.Simd;

/// <summary>
/// A kernel call with its arguments bound, runnable at any width: <see cref="WidthDispatcher"/> picks the width and
/// calls <see cref="Run{TVec}"/> with it, so the JIT compiles one specialized body per width.
/// </summary>
internal interface IWidthKernel
{
    void Run<TVec>()
        where TVec : struct, IFloatVector<TVec>;
}

/// <summary>A kernel call that returns a value, runnable at any width (see <see cref="IWidthKernel"/>).</summary>
internal interface IWidthKernel<TResult>
{
    TResult Run<TVec>()
        where TVec : struct, IFloatVector<TVec>;
}
