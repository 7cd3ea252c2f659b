using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

/// <summary>The driver that runs one optimizer update over flat parameter, gradient and state spans.</summary>
internal static class ParameterUpdate
{
    public static void Run<TOp>(TOp update, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state1, Span<float> state2)
        where TOp : struct, IParameterUpdateOperator
    {
        if (FloatVector512.IsHardwareAccelerated)
        {
            Run<TOp, FloatVector512>(update, parameters, gradients, state1, state2);
        }
        else if (FloatVector256.IsHardwareAccelerated)
        {
            Run<TOp, FloatVector256>(update, parameters, gradients, state1, state2);
        }
        else if (FloatVector128.IsHardwareAccelerated)
        {
            Run<TOp, FloatVector128>(update, parameters, gradients, state1, state2);
        }
        else
        {
            Run<TOp, FloatScalar>(update, parameters, gradients, state1, state2);
        }
    }

    internal static void Run<TOp, TVec>(TOp update, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state1, Span<float> state2)
        where TOp : struct, IParameterUpdateOperator
        where TVec : struct, IFloatVector<TVec>
    {
        ref float w = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float s1 = ref MemoryMarshal.GetReference(state1);
        ref float s2 = ref MemoryMarshal.GetReference(state2);
        nuint n = (nuint)parameters.Length, i = 0, width = (nuint)TVec.Count;
        for (; i + width <= n; i += width)
        {
            Step<TOp, TVec>(ref update, ref w, ref g, ref s1, ref s2, i);
        }

        for (; i < n; i++)
        {
            Step<TOp, FloatScalar>(ref update, ref w, ref g, ref s1, ref s2, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step<TOp, TVec>(ref TOp update, ref float w, ref float g, ref float s1, ref float s2, nuint i)
        where TOp : struct, IParameterUpdateOperator
        where TVec : struct, IFloatVector<TVec>
    {
        TVec parameter = TVec.Load(in w, i);
        TVec first = TOp.StateCount >= 1 ? TVec.Load(in s1, i) : TVec.Zero;
        TVec second = TOp.StateCount >= 2 ? TVec.Load(in s2, i) : TVec.Zero;
        update.Invoke(ref parameter, TVec.Load(in g, i), ref first, ref second);
        TVec.Store(parameter, ref w, i);
        if (TOp.StateCount >= 1)
        {
            TVec.Store(first, ref s1, i);
        }

        if (TOp.StateCount >= 2)
        {
            TVec.Store(second, ref s2, i);
        }
    }
}
