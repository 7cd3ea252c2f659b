using SpanNet.Kernels.Simd;

namespace SpanNet.Cli.Platform;

/// <summary>The vector width SpanNet's kernels run at in this process.</summary>
internal static class KernelWidth
{
    /// <summary>
    /// Bits per vector of the width the core's one dispatcher (<see cref="WidthDispatcher"/>) gives every kernel family;
    /// 32 means the scalar path.
    /// </summary>
    /// <remarks>
    /// Under NativeAOT the hardware checks behind it are fixed when the binary is compiled, from its instruction-set
    /// baseline, so this is what proves which kernels an AOT build carries.
    /// </remarks>
    public static int Bits() => WidthDispatcher.Current is SimdWidth.Scalar ? 32 : (int)WidthDispatcher.Current;
}
