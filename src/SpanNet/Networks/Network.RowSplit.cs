using System;
using System.Runtime.CompilerServices;
using SpanNet.Kernels;
using SpanNet.Layers;
using SpanNet.Threading;

namespace SpanNet.Networks;

public sealed partial class Network
{
    /// <summary>
    /// A training step's passes with the row-local work split by rows: one parallel region runs, for each range of
    /// rows, every layer's forward pass, the loss and its gradient, and every layer's backward pass to its input; then
    /// the caller sums the rows' losses in row order and each layer takes its parameter gradients over the whole batch
    /// (products that split over the pool by their outputs, as in the serial pass). Every element is computed by the
    /// same kernel in the same order as in <see cref="ForwardLoss"/> and <see cref="BackwardUnchecked"/>, so the bits
    /// are theirs. One region replaces the serial remainder between the products of a layer-by-layer step, which
    /// is what kept two threads from paying (docs/ARCHITECTURE.md, "Where a two-thread step loses its time").
    /// </summary>
    private unsafe float ForwardBackwardByRows(ReadOnlySpan<float> input, Targets targets, int batch, Workspace workspace, int parts)
    {
        workspace.LossBatch = 0;
        ulong passKey = Dropout.Mix(_seed ^ Dropout.Mix(_trainingPasses++));
        MeasureInputDensity(input, workspace);
        ParameterUpdateDriver.Clear(Parameters.Gradients);

        // Pinned for the region: the workers reach the input and targets through raw pointers.
        fixed (float* inputPointer = input, valuesPointer = targets.Values)
        fixed (int* labelsPointer = targets.Labels)
        {
            var context = new RowPassContext(workspace, batch, passKey, targets.IsLabels)
            {
                Input = new(inputPointer, input.Length),
                Values = new(valuesPointer, targets.Values.Length),
                Labels = labelsPointer,
            };

            // The context holds managed references, so it stays in this frame (which reports them to the collector);
            // the job carries only its address, and this frame outlives the region.
            var job = new RowPassJob { Context = Unsafe.AsPointer(ref context) };
            Parallelism.Pool.Run(ref job, parts);
        }

        float loss = Loss.Mean(workspace.RowLosses(batch), Outputs);
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            ReadOnlySpan<float> layerInput = i == 0 ? input : workspace.Output(i - 1, batch);
            _layers[i].AccumulateParameterGradients(layerInput, workspace.OutputGradient(i, batch), batch, Pass(i, workspace, training: true, backward: true, 0));
        }

        workspace.LossBatch = batch;
        return loss;
    }

    /// <summary>Range <paramref name="part"/> of a row-split step: rows [start, end) forward, through the loss, and back to the first layer's input.</summary>
    private unsafe void RunRows(in RowPassContext context, int part, int parts)
    {
        Workspace workspace = context.Workspace;
        int batch = context.Batch;
        int start = RowRanges.Start(batch, part, parts);
        int rows = RowRanges.Start(batch, part + 1, parts) - start;

        // Part 0 runs on the caller's thread in the workspace's packing panels; every other part in its worker's own.
        GemmScratch scratch = part == 0 ? workspace.Gemm : Gemm.WorkerScratch;
        ReadOnlySpan<float> current = Rows(context.Input.Span, start, rows, Inputs);
        for (int i = 0; i < _layers.Length; i++)
        {
            Span<float> output = Rows(workspace.Output(i, batch), start, rows, _layers[i].Outputs);
            _layers[i].Forward(current, output, rows, Pass(i, workspace, training: true, backward: false, context.PassKey).With(scratch));
            current = output;
        }

        Targets targets = context.IsLabels
            ? Targets.FromLabels(new ReadOnlySpan<int>(context.Labels + start, rows))
            : Targets.FromValues(Rows(context.Values.Span, start, rows, Outputs));
        Span<float> lossScratch = Rows(workspace.LossScratch(batch), start, rows, Outputs);
        Span<float> dOutput = Rows(workspace.OutputGradient(_layers.Length - 1, batch), start, rows, Outputs);
        Loss.ForwardRows(current, targets, rows, Outputs, lossScratch, workspace.RowLosses(batch).Slice(start, rows));
        Loss.BackwardRows(current, lossScratch, targets, rows, batch, Outputs, dOutput);

        // The network's input needs no gradient, so the first layer stops here.
        for (int i = _layers.Length - 1; i > 0; i--)
        {
            Layer layer = _layers[i];
            Span<float> dInput = Rows(workspace.OutputGradient(i - 1, batch), start, rows, layer.Inputs);
            layer.BackwardToInput(
                Rows(workspace.Output(i - 1, batch), start, rows, layer.Inputs),
                Rows(workspace.Output(i, batch), start, rows, layer.Outputs),
                dOutput,
                dInput,
                rows,
                Pass(i, workspace, training: true, backward: true, 0).With(scratch));
            dOutput = dInput;
        }
    }

    private static Span<float> Rows(Span<float> matrix, int start, int rows, int width) => matrix.Slice(start * width, rows * width);

    private static ReadOnlySpan<float> Rows(ReadOnlySpan<float> matrix, int start, int rows, int width) => matrix.Slice(start * width, rows * width);

    /// <summary>What every range of a row-split step reads: the workspace (and through it the network) and the pinned input and targets.</summary>
    private unsafe struct RowPassContext(Workspace workspace, int batch, ulong passKey, bool isLabels)
    {
        public readonly Workspace Workspace = workspace;
        public readonly int Batch = batch;
        public readonly ulong PassKey = passKey;
        public readonly bool IsLabels = isLabels;
        public PinnedSpan Input;
        public PinnedSpan Values;
        public int* Labels;
    }

    /// <summary>The pool's handle on a <see cref="RowPassContext"/> in the caller's frame.</summary>
    private unsafe struct RowPassJob : IParallelJob
    {
        public void* Context;

        public readonly void Execute(int part, int parts)
        {
            ref RowPassContext context = ref Unsafe.AsRef<RowPassContext>(Context);
            context.Workspace.Network.RunRows(in context, part, parts);
        }
    }
}
