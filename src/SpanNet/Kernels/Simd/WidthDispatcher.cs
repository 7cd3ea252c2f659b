using System;
using System.Runtime.CompilerServices;

namespace SpanNet.Kernels.Simd;

/// <summary>
/// The one place that chooses a SIMD width: every kernel family (element-wise, reductions, softmax, GEMM, the
/// zero-skipping products, parameter updates) asks it, so they all run at <see cref="Current"/>.
/// </summary>
/// <remarks>
/// <para>
/// The width is the widest the runtime accelerates (<c>Vector512</c>, then <c>Vector256</c>, then <c>Vector128</c>,
/// else scalar), which honours the runtime's own switches such as <c>DOTNET_PreferredVectorBitWidth=256</c> and
/// <c>DOTNET_EnableHWIntrinsic=0</c>. Tests force a narrower width for the calls one thread makes (the way Sep names
/// and forces its parser variants), so a single test process checks every width through the public entry points.
/// </para>
/// <para>
/// A span shorter than one vector of the chosen width runs at the next narrower width of the same formula
/// (<see cref="RunNarrower{TKernel, TVec}"/>): that is a property of the data, not a second choice of width.
/// </para>
/// </remarks>
internal static class WidthDispatcher
{
    // A forced width is per thread, so tests running in parallel cannot change each other's kernels. 0: not forced.
    [ThreadStatic]
    private static SimdWidth t_forced;

    /// <summary>The widest width the runtime accelerates on this CPU, with its current settings.</summary>
    public static SimdWidth Widest { get; } = FindWidest();

    /// <summary>The width this thread's kernel calls run at: <see cref="Widest"/> unless a test forced another.</summary>
    public static SimdWidth Current => t_forced == 0 ? Widest : t_forced;

    /// <summary>Whether <paramref name="width"/> can run here: scalar always, a vector width if it is at most <see cref="Widest"/>.</summary>
    public static bool IsAvailable(SimdWidth width) =>
        width is SimdWidth.Scalar || (width is SimdWidth.Vector128 or SimdWidth.Vector256 or SimdWidth.Vector512 && width <= Widest);

    /// <summary>
    /// Makes this thread's kernel calls run at <paramref name="width"/> until the returned scope is disposed; for
    /// tests and benchmarks that compare widths.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The width is not available on this CPU.</exception>
    internal static ForcedWidth Force(SimdWidth width)
    {
        if (!IsAvailable(width))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(width), $"{width} is not available here; the widest width is {Widest}.");
        }

        SimdWidth previous = t_forced;
        t_forced = width;
        return new ForcedWidth(previous);
    }

    /// <summary>Runs <paramref name="kernel"/> at <see cref="Current"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Run<TKernel>(ref TKernel kernel)
        where TKernel : IWidthKernel, allows ref struct
    {
        switch (Current)
        {
            case SimdWidth.Vector512: kernel.Run<FloatVector512>(); break;
            case SimdWidth.Vector256: kernel.Run<FloatVector256>(); break;
            case SimdWidth.Vector128: kernel.Run<FloatVector128>(); break;
            default: kernel.Run<FloatScalar>(); break;
        }
    }

    /// <summary>Runs <paramref name="kernel"/> at <see cref="Current"/> and returns its result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TResult Run<TKernel, TResult>(ref TKernel kernel)
        where TKernel : IWidthKernel<TResult>, allows ref struct
        => Current switch
        {
            SimdWidth.Vector512 => kernel.Run<FloatVector512>(),
            SimdWidth.Vector256 => kernel.Run<FloatVector256>(),
            SimdWidth.Vector128 => kernel.Run<FloatVector128>(),
            _ => kernel.Run<FloatScalar>(),
        };

    /// <summary>
    /// Runs <paramref name="kernel"/> at the next width narrower than <typeparamref name="TVec"/>, for data shorter
    /// than one <typeparamref name="TVec"/>; returns false, running nothing, when <typeparamref name="TVec"/> is scalar.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool RunNarrower<TKernel, TVec>(ref TKernel kernel)
        where TKernel : IWidthKernel, allows ref struct
        where TVec : struct, IFloatVector<TVec>
    {
        if (TVec.Count > FloatVector256.Count)
        {
            kernel.Run<FloatVector256>();
        }
        else if (TVec.Count > FloatVector128.Count)
        {
            kernel.Run<FloatVector128>();
        }
        else if (TVec.Count > FloatScalar.Count)
        {
            kernel.Run<FloatScalar>();
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>
    /// <see cref="RunNarrower{TKernel, TVec}"/> for a kernel with a result: <paramref name="whenScalar"/> when
    /// <typeparamref name="TVec"/> is already scalar.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TResult RunNarrower<TKernel, TVec, TResult>(ref TKernel kernel, TResult whenScalar)
        where TKernel : IWidthKernel<TResult>, allows ref struct
        where TVec : struct, IFloatVector<TVec>
    {
        if (TVec.Count > FloatVector256.Count)
        {
            return kernel.Run<FloatVector256>();
        }

        if (TVec.Count > FloatVector128.Count)
        {
            return kernel.Run<FloatVector128>();
        }

        return TVec.Count > FloatScalar.Count ? kernel.Run<FloatScalar>() : whenScalar;
    }

    private static SimdWidth FindWidest()
    {
        if (FloatVector512.IsHardwareAccelerated)
        {
            return SimdWidth.Vector512;
        }

        if (FloatVector256.IsHardwareAccelerated)
        {
            return SimdWidth.Vector256;
        }

        return FloatVector128.IsHardwareAccelerated ? SimdWidth.Vector128 : SimdWidth.Scalar;
    }

    /// <summary>Restores the width that was forced before <see cref="Force"/> when disposed.</summary>
    internal readonly ref struct ForcedWidth
    {
        private readonly SimdWidth _previous;

        internal ForcedWidth(SimdWidth previous) => _previous = previous;

        public void Dispose() => t_forced = _previous;
    }
}
