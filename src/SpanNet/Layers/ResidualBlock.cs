using System;
using System.Collections.Generic;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>
/// A residual block: <c>y = x + f(x)</c>, optionally followed by an activation, where f is a chain of layers whose
/// output width equals its input width (for example <c>Dense(64, Gelu)</c> then <c>Dense(64)</c>). Backward adds the
/// skip's gradient to f's: <c>dx = dz + f′ᵀ·dz</c> with <c>dz</c> the gradient of the sum.
/// </summary>
/// <remarks>
/// The inner layers' parameters and state are the block's, one after another; its saved state holds theirs, their
/// outputs, the sum before the activation and the gradients flowing back through f. Blocks do not nest.
/// </remarks>
public sealed class ResidualBlock : Layer
{
    internal const int Code = 24;

    private readonly Layer[] _children;
    private readonly float[] _childScales;
    private readonly int _widest;

    // Where each inner layer's parameters and state start in the block's (one more entry: the totals), fixed at
    // construction so a pass does not recount them.
    private readonly int[] _parameterOffsets;
    private readonly int[] _stateOffsets;

    internal ResidualBlock(int width, Layer[] children, float[] childScales, ActivationDescriptor? activation, float alpha, float beta)
        : base(width, width)
    {
        CheckChain(width, children);
        activation?.CheckArguments(alpha, beta, nameof(alpha));
        _children = children;
        _childScales = childScales;
        Activation = activation;
        Alpha = alpha;
        Beta = beta;
        _widest = width;
        _parameterOffsets = new int[children.Length + 1];
        _stateOffsets = new int[children.Length + 1];
        for (int i = 0; i < children.Length; i++)
        {
            _widest = Math.Max(_widest, children[i].Outputs);
            _parameterOffsets[i + 1] = checked(_parameterOffsets[i] + children[i].ParameterCount);
            _stateOffsets[i + 1] = checked(_stateOffsets[i] + children[i].StateCount);
        }
    }

    /// <inheritdoc/>
    public override LayerKind Kind => LayerKind.Residual;

    /// <inheritdoc/>
    public override IReadOnlyList<Layer> Children => _children;

    /// <summary>The activation after the sum, or null for none.</summary>
    public ActivationDescriptor? Activation { get; }

    /// <summary>The activation's α (0 where it has none).</summary>
    public float Alpha { get; }

    /// <summary>The activation's β (0 where it has none).</summary>
    public float Beta { get; }

    /// <inheritdoc/>
    public override int ParameterCount => _parameterOffsets[^1];

    /// <inheritdoc/>
    public override int StateCount => _stateOffsets[^1];

    /// <inheritdoc/>
    public override bool IsTrainable
    {
        get
        {
            foreach (Layer child in _children)
            {
                if (!child.IsTrainable)
                {
                    return false;
                }
            }

            return Activation is null || Activation.IsTrainable;
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"Residual [{string.Join(", ", (IEnumerable<Layer>)_children)}]{(Activation is null ? string.Empty : " + " + Activation.Describe(Alpha, Beta))}";

    internal override LayerRecord Record => new(Code, Outputs, Activation?.ModelFileCode ?? 0, Alpha, Beta, _children.Length);

    /// <summary>Reads a block: its inner layers (read after it, from its input width) must chain back to that width; flags hold the activation's code or 0.</summary>
    internal static Layer Read(in LayerRecord record, int inputs, Layer[] children)
    {
        LayerKinds.RequireWidth(record, inputs);
        ActivationDescriptor? activation = null;
        if (record.Flags != 0)
        {
            activation = ActivationDescriptors.FindByModelFileCode(record.Flags)
                ?? throw new InvalidLayerRecordException($"names activation code {record.Flags} after its sum, which is no activation");
            if (!activation.AreValidArguments(record.First, record.Second))
            {
                throw new InvalidLayerRecordException($"has arguments {record.First} and {record.Second}, invalid for {activation.Name}");
            }
        }
        else
        {
            LayerKinds.RequireNoNumbers(record);
        }

        try
        {
            return new ResidualBlock(inputs, children, new float[children.Length], activation, record.First, record.Second);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidLayerRecordException(exception.Message);
        }
    }

    /// <summary>The inner layers' saved state, their outputs, the sum and its gradient, and two gradient rows of the widest inner layer.</summary>
    internal override long SavedCount(int capacity)
    {
        long total = 0;
        foreach (Layer child in _children)
        {
            total += child.SavedCount(capacity) + ((long)capacity * child.Outputs);
        }

        return total + (2L * capacity * Outputs) + (2L * capacity * _widest);
    }

    internal override void Initialize(Span<float> parameters, Span<float> state, Random random, WeightInit scheme, float weightScale)
    {
        int p = 0, s = 0;
        for (int i = 0; i < _children.Length; i++)
        {
            Layer child = _children[i];
            child.Initialize(parameters.Slice(p, child.ParameterCount), state.Slice(s, child.StateCount), random, scheme, _childScales[i]);
            p += child.ParameterCount;
            s += child.StateCount;
        }
    }

    internal override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, in LayerPass pass)
    {
        var layout = new Layout(this, pass, batch);
        scoped ReadOnlySpan<float> current = input;
        for (int i = 0; i < _children.Length; i++)
        {
            Span<float> childOutput = layout.Output(i);
            _children[i].Forward(current, childOutput, batch, layout.Pass(i));
            current = childOutput;
        }

        int count = batch * Outputs;
        if (Activation is null)
        {
            Normalization.Add(input[..count], current, output[..count]);
            return;
        }

        Span<float> sum = layout.Sum;
        Normalization.Add(input[..count], current, sum);
        Activation.Apply(sum, Alpha, Beta, output[..count]);
    }

    internal override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, Span<float> dInput, int batch, in LayerPass pass)
    {
        var layout = new Layout(this, pass, batch);
        int count = batch * Outputs;
        scoped ReadOnlySpan<float> dSum = dOutput[..count];
        if (Activation is not null)
        {
            Span<float> dSumBuffer = layout.SumGradient;
            Activation.ApplyBackward(dOutput[..count], layout.Sum, output[..count], Alpha, Beta, dSumBuffer);
            dSum = dSumBuffer;
        }

        scoped ReadOnlySpan<float> d = dSum;
        int parity = 0;
        for (int i = _children.Length - 1; i >= 0; i--)
        {
            Layer child = _children[i];
            ReadOnlySpan<float> childInput = i == 0 ? input : layout.Output(i - 1);

            // Without dInput the skip path needs nothing more, so the first inner layer skips its input gradient too.
            Span<float> dChildInput = i == 0 && dInput.IsEmpty ? Span<float>.Empty : layout.Gradient(parity, batch * child.Inputs);
            child.Backward(childInput, layout.Output(i), d, dChildInput, batch, layout.Pass(i));
            d = dChildInput;
            parity = 1 - parity;
        }

        if (!dInput.IsEmpty)
        {
            Normalization.Add(dSum, d[..count], dInput[..count]);
        }
    }

    internal override double[] Reference(double[] input, int batch, ReadOnlySpan<double> parameters, ReadOnlySpan<float> state, ReadOnlySpan<float> saved, bool training)
    {
        double[] current = input;
        int p = 0, s = 0;
        long savedAt = 0;
        foreach (Layer child in _children)
        {
            int savedCount = (int)child.SavedCount(batch);
            current = child.Reference(current, batch, parameters.Slice(p, child.ParameterCount), state.Slice(s, child.StateCount), saved.Slice((int)savedAt, savedCount), training);
            p += child.ParameterCount;
            s += child.StateCount;
            savedAt += savedCount;
        }

        var y = new double[input.Length];
        for (int i = 0; i < y.Length; i++)
        {
            double sum = input[i] + current[i];
            y[i] = Activation is null ? sum : Activation.Reference(sum, Alpha, Beta);
        }

        return y;
    }

    internal override void AddParameterTensors(List<ParameterTensorSlice> tensors, int offset)
    {
        foreach (Layer child in _children)
        {
            child.AddParameterTensors(tensors, offset);
            offset += child.ParameterCount;
        }
    }

    internal override SampleStep CreateSampleStep(ReadOnlySpan<float> parameters, ReadOnlySpan<float> state) =>
        new ResidualSampleStep(this, SampleStepChain.Build(_children, parameters, state));

    internal override void WriteOnnx(OnnxGraphWriter graph, string name, string input, string output, ReadOnlySpan<float> parameters, ReadOnlySpan<float> state)
    {
        string current = input;
        int p = 0, s = 0;
        for (int i = 0; i < _children.Length; i++)
        {
            Layer child = _children[i];
            string childOutput = $"{name}.{i}.output";
            child.WriteOnnx(graph, $"{name}.{i}", current, childOutput, parameters.Slice(p, child.ParameterCount), state.Slice(s, child.StateCount));
            current = childOutput;
            p += child.ParameterCount;
            s += child.StateCount;
        }

        string sum = Activation is null ? output : name + ".sum";
        graph.Node("Add", name + ".add", [input, current], sum);
        Activation?.WriteOnnx(graph, name + ".activation", sum, output, Alpha, Beta);
    }

    private static void CheckChain(int width, Layer[] children)
    {
        if (children.Length == 0)
        {
            ThrowHelper.Argument(nameof(children), "A residual block needs at least one inner layer.");
        }

        int current = width;
        foreach (Layer child in children)
        {
            if (child is ResidualBlock)
            {
                ThrowHelper.Argument(nameof(children), "Residual blocks do not nest.");
            }

            if (child.Inputs != current)
            {
                ThrowHelper.Argument(nameof(children), $"The inner {child.Name} layer takes {child.Inputs} features after {current}.");
            }

            current = child.Outputs;
        }

        if (current != width)
        {
            ThrowHelper.Argument(nameof(children), $"A residual block's inner layers must end at its width {width}; they end at {current}.");
        }
    }

    /// <summary>Where each inner layer's numbers and buffers sit for one pass of <c>batch</c> samples.</summary>
    private readonly ref struct Layout
    {
        private readonly ResidualBlock _block;
        private readonly LayerPass _pass;
        private readonly int _batch;

        public Layout(ResidualBlock block, in LayerPass pass, int batch)
        {
            _block = block;
            _pass = pass;
            _batch = batch;
        }

        /// <summary>Inner layer <paramref name="index"/>'s slices of the block's parameters, gradients, state and saved state.</summary>
        public LayerPass Pass(int index)
        {
            long saved = 0;
            for (int i = 0; i < index; i++)
            {
                saved += _block._children[i].SavedCount(_batch);
            }

            Layer child = _block._children[index];
            int p = _block._parameterOffsets[index], s = _block._stateOffsets[index];
            return _pass.For(
                _pass.Parameters.Slice(p, child.ParameterCount),
                _pass.Gradients.IsEmpty ? Span<float>.Empty : _pass.Gradients.Slice(p, child.ParameterCount),
                _pass.State.Slice(s, child.StateCount),
                _pass.Saved.Slice((int)saved, (int)child.SavedCount(_batch)),
                Dropout.Mix(_pass.RandomKey + (ulong)index));
        }

        /// <summary>Inner layer <paramref name="index"/>'s output, [batch, its outputs].</summary>
        public Span<float> Output(int index)
        {
            long at = ChildrenSaved;
            for (int i = 0; i < index; i++)
            {
                at += (long)_batch * _block._children[i].Outputs;
            }

            return _pass.Saved.Slice((int)at, _batch * _block._children[index].Outputs);
        }

        public Span<float> Sum => _pass.Saved.Slice((int)OutputsEnd, _batch * _block.Outputs);

        public Span<float> SumGradient => _pass.Saved.Slice((int)(OutputsEnd + ((long)_batch * _block.Outputs)), _batch * _block.Outputs);

        private long ChildrenSaved
        {
            get
            {
                long total = 0;
                foreach (Layer child in _block._children)
                {
                    total += child.SavedCount(_batch);
                }

                return total;
            }
        }

        private long OutputsEnd
        {
            get
            {
                long at = ChildrenSaved;
                foreach (Layer child in _block._children)
                {
                    at += (long)_batch * child.Outputs;
                }

                return at;
            }
        }

        public Span<float> Gradient(int parity, int length)
        {
            long at = OutputsEnd + (2L * _batch * _block.Outputs) + ((long)parity * _batch * _block._widest);
            return _pass.Saved.Slice((int)at, length);
        }
    }

    /// <summary>
    /// The block on one sample: the inner steps ping-pong between the first part of the session's two spare rows, then
    /// the skip is added; the rest of each spare row is the inner steps' own scratch (an int8 dense step's bytes and sums).
    /// </summary>
    private sealed class ResidualSampleStep : SampleStep
    {
        private readonly ResidualBlock _block;
        private readonly SampleStep[] _steps;
        private readonly int _widest;
        private readonly int _innerScratch;

        public ResidualSampleStep(ResidualBlock block, SampleStep[] steps)
            : base(block.Inputs, block.Outputs)
        {
            _block = block;
            _steps = steps;
            _widest = Outputs;
            foreach (SampleStep step in steps)
            {
                _widest = Math.Max(_widest, step.Stride);
                _innerScratch = Math.Max(_innerScratch, step.ScratchLength);
            }
        }

        public override int ScratchLength => _widest + _innerScratch;

        /// <summary>The block with its inner dense steps converted (their weights at the model's precision).</summary>
        public override SampleStep ConvertDense(Func<DenseSampleStep, SampleStep> convert)
        {
            var steps = new SampleStep[_steps.Length];
            for (int i = 0; i < steps.Length; i++)
            {
                steps[i] = _steps[i].ConvertDense(convert);
            }

            return new ResidualSampleStep(_block, steps);
        }

        public override void Run(ReadOnlySpan<float> input, Span<float> output, Span<float> scratchA, Span<float> scratchB)
        {
            ReadOnlySpan<float> current = input;
            Span<float> next = scratchA[.._widest], spare = scratchB[.._widest];
            Span<float> innerA = scratchA.Slice(_widest, _innerScratch), innerB = scratchB.Slice(_widest, _innerScratch);
            foreach (SampleStep step in _steps)
            {
                step.Run(current, next, innerA, innerB);
                current = next[..step.Outputs];
                Span<float> written = next;
                next = spare;
                spare = written;
            }

            Span<float> y = output[..Outputs];
            Normalization.Add(input[..Outputs], current, y);
            _block.Activation?.Apply(y, _block.Alpha, _block.Beta, y);
        }
    }
}
