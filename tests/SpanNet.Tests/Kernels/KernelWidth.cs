using System.Collections.Generic;
using System.Linq;
using SpanNet.Kernels.Simd;

namespace SpanNet.Tests.Kernels;

/// <summary>
/// The widths a test forces through <see cref="WidthDispatcher.Force"/>, so one process checks every width this CPU
/// runs, plus the scalar path, through the kernels' ordinary entry points.
/// </summary>
internal static class Widths
{
    /// <summary>Every width available here, scalar always among them.</summary>
    public static IReadOnlyList<SimdWidth> Available { get; } =
        new[] { SimdWidth.Scalar, SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 }.Where(WidthDispatcher.IsAvailable).ToArray();
}
