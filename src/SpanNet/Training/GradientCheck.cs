using System;
using System.Collections.Generic;
using SpanNet.Kernels;
using SpanNet.Layers;
using SpanNet.Networks;

namespace SpanNet.Training;

/// <summary>
/// Numerical differentiation (DLFS's <c>numerical_gradient</c>): checks backpropagation's gradients against central
/// differences <c>(L(θ + h) − L(θ − h)) / 2h</c> for every parameter, and reports the worst error per tensor.
/// </summary>
/// <remarks>
/// The differences are taken on a <em>double-precision</em> re-evaluation of the network (same layers, same loss), so
/// they carry ~1e-16/h of rounding noise instead of the ~1e-7/h a float forward pass would: with the default
/// h = 1e-5 the numerical side is accurate to about 1e-9, and what remains is the float analytic gradient's own
/// rounding. The network's parameters are never modified.
/// </remarks>
public static class GradientCheck
{
    /// <summary>Gradients smaller than this are compared absolutely rather than relatively.</summary>
    public const double RelativeErrorFloor = 1e-6;

    /// <summary>Checks the gradients for a batch with class labels.</summary>
    /// <param name="network">The network.</param>
    /// <param name="input">[batch, Inputs].</param>
    /// <param name="labels">One class per sample.</param>
    /// <param name="batch">Samples.</param>
    /// <param name="workspace">A workspace of the network.</param>
    /// <param name="step">h.</param>
    /// <returns>One entry per parameter tensor (each dense layer's W and b, each normalisation's γ and β, each PReLU's slopes).</returns>
    public static IReadOnlyList<TensorGradientError> Run(Network network, ReadOnlySpan<float> input, ReadOnlySpan<int> labels, int batch, Workspace workspace, double step = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.ComputeGradients(input, labels, batch, workspace);
        var evaluation = new DoubleEvaluation(network, workspace, input, batch, labels.ToArray(), null);
        return Compare(network, evaluation, step);
    }

    /// <summary>Checks the gradients for a batch with target rows.</summary>
    /// <param name="network">The network.</param>
    /// <param name="input">[batch, Inputs].</param>
    /// <param name="targets">[batch, Outputs].</param>
    /// <param name="batch">Samples.</param>
    /// <param name="workspace">A workspace of the network.</param>
    /// <param name="step">h.</param>
    /// <returns>One entry per parameter tensor (each dense layer's W and b, each normalisation's γ and β, each PReLU's slopes).</returns>
    public static IReadOnlyList<TensorGradientError> Run(Network network, ReadOnlySpan<float> input, ReadOnlySpan<float> targets, int batch, Workspace workspace, double step = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.ComputeGradients(input, targets, batch, workspace);
        var evaluation = new DoubleEvaluation(network, workspace, input, batch, null, targets.ToArray());
        return Compare(network, evaluation, step);
    }

    private static List<TensorGradientError> Compare(Network network, DoubleEvaluation evaluation, double step)
    {
        if (!(step > 0 && double.IsFinite(step)))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "step must be finite and positive.");
        }

        ReadOnlySpan<float> analytic = network.Parameters.Gradients;
        var errors = new List<TensorGradientError>();
        var tensors = new List<ParameterTensorSlice>();
        int offset = 0;
        for (int layer = 0; layer < network.Layers.Count; layer++)
        {
            tensors.Clear();
            network.Layers[layer].AddParameterTensors(tensors, offset);
            foreach (ParameterTensorSlice tensor in tensors)
            {
                errors.Add(CompareRange(evaluation, analytic, tensor.Start, tensor.Count, step, layer, tensor.Tensor));
            }

            offset += network.Layers[layer].ParameterCount;
        }

        return errors;
    }

    private static TensorGradientError CompareRange(DoubleEvaluation evaluation, ReadOnlySpan<float> analytic, int start, int count, double step, int layer, ParameterTensor tensor)
    {
        double worstRelative = 0, worstAbsolute = 0;
        for (int i = start; i < start + count; i++)
        {
            double numerical = evaluation.CentralDifference(i, step);
            double absolute = Math.Abs(numerical - analytic[i]);
            worstAbsolute = Math.Max(worstAbsolute, absolute);
            worstRelative = Math.Max(worstRelative, absolute / Math.Max(Math.Max(Math.Abs(numerical), Math.Abs(analytic[i])), RelativeErrorFloor));
        }

        return new TensorGradientError(layer, tensor, count, worstRelative, worstAbsolute);
    }

    /// <summary>
    /// The network's loss recomputed in double from a double copy of its parameters, each layer through its own
    /// double-precision reference of a training pass (batch statistics; the dropout masks the float pass saved).
    /// </summary>
    private sealed class DoubleEvaluation
    {
        private readonly Network _network;
        private readonly Workspace _workspace;
        private readonly double[] _parameters;
        private readonly double[] _input;
        private readonly int _batch;
        private readonly int[]? _labels;
        private readonly float[]? _targets;

        public DoubleEvaluation(Network network, Workspace workspace, ReadOnlySpan<float> input, int batch, int[]? labels, float[]? targets)
        {
            _network = network;
            _workspace = workspace;
            _parameters = new double[network.Parameters.Length];
            ReadOnlySpan<float> values = network.Parameters.Values;
            for (int i = 0; i < values.Length; i++)
            {
                _parameters[i] = values[i];
            }

            _input = new double[input.Length];
            for (int i = 0; i < input.Length; i++)
            {
                _input[i] = input[i];
            }

            _batch = batch;
            _labels = labels;
            _targets = targets;
        }

        public double CentralDifference(int parameter, double step)
        {
            double original = _parameters[parameter];
            _parameters[parameter] = original + step;
            double plus = Loss();
            _parameters[parameter] = original - step;
            double minus = Loss();
            _parameters[parameter] = original;
            return (plus - minus) / (2 * step);
        }

        private double Loss()
        {
            double[] current = _input;
            int offset = 0;
            for (int i = 0; i < _network.Layers.Count; i++)
            {
                Layer layer = _network.Layers[i];
                current = layer.Reference(current, _batch, _parameters.AsSpan(offset, layer.ParameterCount), _network.LayerState(i), _workspace.Saved(i), training: true);
                offset += layer.ParameterCount;
            }

            return LossOf(current, _network.Outputs);
        }

        private static double LogSumExp(double[] x, int start, int width)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < width; j++)
            {
                max = Math.Max(max, x[start + j]);
            }

            double sum = 0;
            for (int j = 0; j < width; j++)
            {
                sum += Math.Exp(x[start + j] - max);
            }

            return max + Math.Log(sum);
        }

        private double Target(int sample, int output, int width) =>
            _labels is not null ? (_labels[sample] == output ? 1 : 0) : _targets![(sample * width) + output];

        private double LossOf(double[] y, int width)
        {
            double total = 0;
            for (int b = 0; b < _batch; b++)
            {
                double lse = _network.Loss.Kind == LossKind.SoftmaxCrossEntropy ? LogSumExp(y, b * width, width) : 0;
                for (int j = 0; j < width; j++)
                {
                    double v = y[(b * width) + j], t = Target(b, j, width);
                    total += _network.Loss.Kind switch
                    {
                        LossKind.SoftmaxCrossEntropy => t * (lse - v),
                        LossKind.CrossEntropy => -t * Math.Log(Math.Max(v, Losses.ProbabilityFloor)),
                        LossKind.HalfSumSquaredError => 0.5 * (v - t) * (v - t),
                        LossKind.MeanSquaredError => (v - t) * (v - t) / width,
                        LossKind.BinaryCrossEntropy => BinaryCrossEntropy(v, t) / width,
                        _ => throw new NotSupportedException($"{_network.Loss.Kind} has no double-precision form."),
                    };
                }
            }

            return total / _batch;
        }

        private static double BinaryCrossEntropy(double p, double t)
        {
            double clamped = Math.Clamp(p, Losses.ProbabilityFloor, 1 - Losses.ProbabilityFloor);
            return -((t * Math.Log(clamped)) + ((1 - t) * Math.Log(1 - clamped)));
        }
    }
}
