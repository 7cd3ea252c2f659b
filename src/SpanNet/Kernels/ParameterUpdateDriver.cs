using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;
using SpanNet.Threading;

namespace SpanNet.Kernels;

/// <summary>
/// The driver that runs one optimizer update over flat parameter, gradient and state spans: on the caller's thread,
/// or for a large network split into ranges of parameters over the worker pool (each element's update is the same
/// whichever thread makes it, so the bits are too).
/// </summary>
internal static class ParameterUpdateDriver
{
    /// <summary>The fewest parameters worth a thread of their own: tens of microseconds of the heavier rules.</summary>
    public const int MinParametersPerPart = 1 << 15;

    /// <summary>Parts start at multiples of this many floats, so every part but the last is whole vectors at any width.</summary>
    private const int PartAlignment = 64;

    public static void Run<TOp>(TOp update, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state1, Span<float> state2)
        where TOp : unmanaged, IParameterUpdateOperator
    {
        var pass = new Pass<TOp>(update, parameters, gradients, state1, state2);
        WidthDispatcher.Run(ref pass);
    }

    /// <summary>
    /// Sets <paramref name="gradients"/> to 0, split into the same ranges <see cref="Run"/> updates, so each range is
    /// cleared, accumulated into and read by the update on one thread and never crosses to another core's cache.
    /// </summary>
    public static unsafe void Clear(Span<float> gradients)
    {
        int parts = Math.Clamp(gradients.Length / MinParametersPerPart, 1, Parallelism.Pool.ThreadCount);
        if (parts == 1)
        {
            gradients.Clear();
            return;
        }

        fixed (float* g = gradients)
        {
            var job = new ClearJob { Gradients = new(g, gradients.Length) };
            Parallelism.Pool.Run(ref job, parts);
        }
    }

    /// <summary>One update over bound spans, at the width the dispatcher gives it; a ragged end runs scalar.</summary>
    private readonly ref struct Pass<TOp> : IWidthKernel
        where TOp : unmanaged, IParameterUpdateOperator
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

        public unsafe void Run<TVec>()
            where TVec : struct, IFloatVector<TVec>
        {
            int parts = Math.Clamp(_parameters.Length / MinParametersPerPart, 1, Parallelism.Pool.ThreadCount);
            if (parts == 1)
            {
                Update<TOp, TVec>(_update, _parameters, _gradients, _state1, _state2);
                return;
            }

            fixed (float* w = _parameters, g = _gradients, s1 = _state1, s2 = _state2)
            {
                var job = new Job<TOp, TVec>
                {
                    Update = _update,
                    Parameters = new(w, _parameters.Length),
                    Gradients = new(g, _gradients.Length),
                    State1 = new(s1, _state1.Length),
                    State2 = new(s2, _state2.Length),
                };
                Parallelism.Pool.Run(ref job, parts);
            }
        }
    }

    /// <summary>One part of a parallel update: an equal share of the parameters, cut at <see cref="PartAlignment"/>.</summary>
    private struct Job<TOp, TVec> : IParallelJob
        where TOp : unmanaged, IParameterUpdateOperator
        where TVec : struct, IFloatVector<TVec>
    {
        public TOp Update;
        public PinnedSpan Parameters;
        public PinnedSpan Gradients;
        public PinnedSpan State1;
        public PinnedSpan State2;

        public readonly void Execute(int part, int parts)
        {
            (int start, int end) = PartRange.Of(Parameters.Length, PartAlignment, part, parts);
            int length = end - start;
            Update<TOp, TVec>(
                Update,
                Parameters.Span.Slice(start, length),
                Gradients.Span.Slice(start, length),
                TOp.StateCount >= 1 ? State1.Span.Slice(start, length) : Span<float>.Empty,
                TOp.StateCount >= 2 ? State2.Span.Slice(start, length) : Span<float>.Empty);
        }
    }

    /// <summary>One part of <see cref="Clear"/>: the range <see cref="Job{TOp, TVec}"/> would update.</summary>
    private struct ClearJob : IParallelJob
    {
        public PinnedSpan Gradients;

        public readonly void Execute(int part, int parts)
        {
            (int start, int end) = PartRange.Of(Gradients.Length, PartAlignment, part, parts);
            Gradients.Span[start..end].Clear();
        }
    }

    /// <summary>The update over one range, whole vectors of <typeparamref name="TVec"/> then a scalar end.</summary>
    /// <remarks>
    /// Never inlined, so its loop always gets the JIT's whole inlining budget: inlined into a worker's
    /// <c>RunPart</c> at the end of a deep chain, the budget ran out before <c>Step</c> and the operator's
    /// <c>Invoke</c>, and the worker's half of an Adam update ran ten times slower than the caller's, as a call per vector.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Update<TOp, TVec>(TOp update, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state1, Span<float> state2)
        where TOp : unmanaged, IParameterUpdateOperator
        where TVec : struct, IFloatVector<TVec>
    {
        ref float w = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float s1 = ref MemoryMarshal.GetReference(state1);
        ref float s2 = ref MemoryMarshal.GetReference(state2);
        nuint n = (nuint)parameters.Length, i = 0, width = (nuint)TVec.Count;
        UpdateConstants<TVec> vector = update.Broadcast<TVec>();
        for (; i + width <= n; i += width)
        {
            Step<TOp, TVec>(in vector, ref w, ref g, ref s1, ref s2, i);
        }

        UpdateConstants<FloatScalar> scalar = update.Broadcast<FloatScalar>();
        for (; i < n; i++)
        {
            Step<TOp, FloatScalar>(in scalar, ref w, ref g, ref s1, ref s2, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step<TOp, TVec>(in UpdateConstants<TVec> k, ref float w, ref float g, ref float s1, ref float s2, nuint i)
        where TOp : unmanaged, IParameterUpdateOperator
        where TVec : struct, IFloatVector<TVec>
    {
        TVec parameter = TVec.Load(in w, i);
        TVec first = TOp.StateCount >= 1 ? TVec.Load(in s1, i) : TVec.Zero;
        TVec second = TOp.StateCount >= 2 ? TVec.Load(in s2, i) : TVec.Zero;
        TOp.Invoke(in k, ref parameter, TVec.Load(in g, i), ref first, ref second);
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
