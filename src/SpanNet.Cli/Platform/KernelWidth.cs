using System.Runtime.Intrinsics;

namespace SpanNet.Cli.Platform;

/// <summary>The vector width SpanNet's kernels run at in this process.</summary>
internal static class KernelWidth
{
    /// <summary>
    /// Bits per vector of the widest accelerated width, the one every kernel family picks first (their dispatch tests
    /// Vector512, then Vector256, then Vector128, else runs scalar); 32 means the scalar path.
    /// </summary>
    /// <remarks>
    /// Under NativeAOT these properties are fixed when the binary is compiled, from its instruction-set baseline, so
    /// this is what proves which kernels an AOT build carries.
    /// </remarks>
    public static int Bits()
    {
        if (Vector512.IsHardwareAccelerated)
        {
            return 512;
        }

        if (Vector256.IsHardwareAccelerated)
        {
            return 256;
        }

        return Vector128.IsHardwareAccelerated ? 128 : 32;
    }
}
