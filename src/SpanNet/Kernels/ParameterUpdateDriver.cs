using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

/// <summary>The driver that runs one optimizer update over flat parameter, gradient and state spans.</summary>
internal static class ParameterUpdateDriver
{
    public static void Run<TOp>(TOp update, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state1, Span<float> state2)
        where TOp : struct, IParameterUpdateOperator
    {
        var pass = new Pass<TOp>(update, parameters, gradients, state1, state2);
        WidthDispatcher.Run(ref pass);
    }

    /// <summary>One update over bound spans, at the width the dispatcher gives it; a ragged end runs scalar.</summary>
    private readonly ref struct Pass<TOp> : IWidthKernel
        where TOp : struct, IParameterUpdateOperator
    {
        private readonly TOp _update;
        private readonly Span<float> _parameters;
        private readonly ReadOnlySpan<float> _gradients;
        private readonly Span<float> _state1;
        private readonly Span<float> _state2;

        public Pass(TOp update, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state1, Span<float> state2)
        {
            _update = update;
            _parameters = parameters;
            _gradients = gradients;
            _state1 = state1;
            _state2 = state2;
        }

        public void Run<TVec>()
            where TVec : struct, IFloatVector<TVec>
        {
            // A local copy: the operator's Invoke takes it by reference, and this struct is readonly.
            TOp update = _update;
            ref float w = ref MemoryMarshal.GetReference(_parameters);
            ref float g = ref MemoryMarshal.GetReference(_gradients);
            ref float s1 = ref MemoryMarshal.GetReference(_state1);
            ref float s2 = ref MemoryMarshal.GetReference(_state2);
            nuint n = (nuint)_parameters.Length, i = 0, width = (nuint)TVec.Count;
            for (; i + width <= n; i += width)
            {
                Step<TOp, TVec>(ref update, ref w, ref g, ref s1, ref s2, i);
            }

            for (; i < n; i++)
            {
                Step<TOp, FloatScalar>(ref update, ref w, ref g, ref s1, ref s2, i);
            }
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
