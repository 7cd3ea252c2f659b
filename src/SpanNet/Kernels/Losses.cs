using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

/// <summary>
/// Loss values and their gradients over a batch of <c>rows</c> samples of <c>columns</c> outputs, row-major. Every loss
/// is the mean over the batch of a per-sample loss, and every gradient carries that <c>1/rows</c> factor, so the
/// layers below never scale by the batch size again.
/// </summary>
/// <remarks>
/// Targets are one-hot (or any probability) rows, or class indices where an overload takes <c>ReadOnlySpan&lt;int&gt;</c>.
/// Class indices are checked against <c>[0, columns)</c> before anything is written. Gradients are overwritten.
/// </remarks>
public static class Losses
{
    /// <summary>
    /// The smallest probability a log is taken of in <see cref="CrossEntropy"/> and <see cref="BinaryCrossEntropy"/>,
    /// so a confident wrong answer costs −log(1e-7) ≈ 16.1 rather than infinity (the δ of DLFS and Keras' ε).
    /// </summary>
    public const float ProbabilityFloor = 1e-7f;

    /// <summary>Squared error, averaged over the batch, in the given per-sample <paramref name="convention"/>.</summary>
    /// <param name="y">The predictions.</param>
    /// <param name="t">The targets, the same shape.</param>
    /// <param name="rows">Samples in the batch.</param>
    /// <param name="columns">Outputs per sample.</param>
    /// <param name="convention">½Σ or mean per sample.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
    public static float MeanSquaredError(ReadOnlySpan<float> y, ReadOnlySpan<float> t, int rows, int columns, SquaredErrorConvention convention)
    {
        CheckPair(y, t, rows, columns);
        double total = Aggregate.SumOfRows<SquaredDifferenceOperator>(y, t, rows, columns);
        return (float)(total * SquaredErrorScale(convention, columns) / Math.Max(rows, 1));
    }

    /// <summary>Each row's sum of squared differences, [rows]: <see cref="MeanSquaredError"/>'s terms, for a row-split step.</summary>
    internal static void SquaredErrorRowTerms(ReadOnlySpan<float> y, ReadOnlySpan<float> t, int rows, int columns, Span<double> terms)
    {
        for (int i = 0; i < rows; i++)
        {
            terms[i] = SquaredErrorRowTerm(y, t, i, columns);
        }
    }

    /// <summary>A batch's loss from its rows' terms summed in row order, <c>Σ terms · scale / rows</c>: the losses' own final step.</summary>
    internal static float MeanOfRowTerms(ReadOnlySpan<double> terms, double scale)
    {
        double total = 0;
        foreach (double term in terms)
        {
            total += term;
        }

        return (float)(total * scale / Math.Max(terms.Length, 1));
    }

    /// <summary>The gradient of <see cref="MeanSquaredError"/>: <c>dY = (y − t)/rows</c> for ½Σ, <c>2(y − t)/(n·rows)</c> for mean.</summary>
    /// <param name="y">The predictions.</param>
    /// <param name="t">The targets, the same shape.</param>
    /// <param name="dY">Written: the gradient, the same shape.</param>
    /// <param name="rows">Samples in the batch.</param>
    /// <param name="columns">Outputs per sample.</param>
    /// <param name="convention">½Σ or mean per sample.</param>
    /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
    public static void MeanSquaredErrorGradient(ReadOnlySpan<float> y, ReadOnlySpan<float> t, Span<float> dY, int rows, int columns, SquaredErrorConvention convention)
    {
        CheckPair(y, t, rows, columns);
        Guard.Length(dY.Length, y.Length, nameof(dY));
        MeanSquaredErrorGradientUnchecked(y, t, dY, rows, columns, convention);
    }

    /// <summary><see cref="MeanSquaredErrorGradient"/> over any range of a batch of <paramref name="batch"/> rows, unchecked.</summary>
    internal static void MeanSquaredErrorGradientUnchecked(ReadOnlySpan<float> y, ReadOnlySpan<float> t, Span<float> dY, int batch, int columns, SquaredErrorConvention convention)
    {
        float scale = (float)(2.0 * SquaredErrorScale(convention, columns) / Math.Max(batch, 1));
        ElementWise.Apply<ScaledDifferenceOperator>(y, t, scale, dY);
    }

    /// <summary>Categorical cross-entropy on probabilities: <c>−(1/rows) Σᵢ Σⱼ tᵢⱼ · log max(pᵢⱼ, <see cref="ProbabilityFloor"/>)</c>.</summary>
    /// <param name="p">The predicted probabilities (softmax outputs).</param>
    /// <param name="t">The target distributions (one-hot rows), the same shape.</param>
    /// <param name="rows">Samples in the batch.</param>
    /// <param name="columns">Classes.</param>
    /// <returns>The loss, ≥ 0 for targets in [0, 1].</returns>
    /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
    public static float CrossEntropy(ReadOnlySpan<float> p, ReadOnlySpan<float> t, int rows, int columns)
    {
        CheckPair(p, t, rows, columns);
        double total = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (t[i] != 0f)
            {
                total -= t[i] * Math.Log(MathF.Max(p[i], ProbabilityFloor));
            }
        }

        return (float)(total / Math.Max(rows, 1));
    }

    /// <summary>The gradient of <see cref="CrossEntropy"/>: <c>dP = −t / (max(p, floor) · rows)</c>.</summary>
    /// <param name="p">The predicted probabilities.</param>
    /// <param name="t">The targets, the same shape.</param>
    /// <param name="dP">Written: the gradient, the same shape.</param>
    /// <param name="rows">Samples in the batch.</param>
    /// <param name="columns">Classes.</param>
    /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
    public static void CrossEntropyGradient(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> dP, int rows, int columns)
    {
        CheckPair(p, t, rows, columns);
        Guard.Length(dP.Length, p.Length, nameof(dP));
        ElementWise.Apply<CrossEntropyGradientOperator>(p, t, -1f / Math.Max(rows, 1), dP);
    }

    /// <summary>
    /// Binary cross-entropy on probabilities, averaged over every element (Keras' <c>binary_crossentropy</c>):
    /// <c>−(1/(rows·columns)) Σ [t·log p + (1 − t)·log(1 − p)]</c>, with p clamped to [floor, 1 − floor].
    /// </summary>
    /// <param name="p">The predicted probabilities (sigmoid outputs).</param>
    /// <param name="t">The targets in [0, 1], the same shape.</param>
    /// <param name="rows">Samples in the batch.</param>
    /// <param name="columns">Independent binary outputs per sample.</param>
    /// <returns>The loss, ≥ 0.</returns>
    /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
    public static float BinaryCrossEntropy(ReadOnlySpan<float> p, ReadOnlySpan<float> t, int rows, int columns)
    {
        CheckPair(p, t, rows, columns);
        double total = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double clamped = Math.Clamp(p[i], ProbabilityFloor, 1f - ProbabilityFloor);
            total -= (t[i] * Math.Log(clamped)) + ((1 - t[i]) * Math.Log(1 - clamped));
        }

        return (float)(total / Math.Max(p.Length, 1));
    }

    /// <summary>The gradient of <see cref="BinaryCrossEntropy"/>: <c>dP = (p − t) / (p(1 − p) · rows · columns)</c>, p clamped.</summary>
    /// <param name="p">The predicted probabilities.</param>
    /// <param name="t">The targets, the same shape.</param>
    /// <param name="dP">Written: the gradient, the same shape.</param>
    /// <param name="rows">Samples in the batch.</param>
    /// <param name="columns">Binary outputs per sample.</param>
    /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
    public static void BinaryCrossEntropyGradient(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> dP, int rows, int columns)
    {
        CheckPair(p, t, rows, columns);
        Guard.Length(dP.Length, p.Length, nameof(dP));
        ElementWise.Apply<BinaryCrossEntropyGradientOperator>(p, t, 1f / Math.Max(p.Length, 1), dP);
    }

    /// <summary>
    /// Fused softmax and cross-entropy on scores: writes <c>p = softmax(x)</c> row-wise and returns
    /// <c>(1/rows) Σᵢ Σⱼ tᵢⱼ (LSEᵢ − xᵢⱼ)</c>, where LSE is the row's log-sum-exp, so no log of a rounded probability is taken.
    /// </summary>
    /// <param name="logits">The scores x.</param>
    /// <param name="t">The target distributions (one-hot rows), the same shape.</param>
    /// <param name="probabilities">Written: softmax(x), the same shape; the gradient needs it. May be <paramref name="logits"/>.</param>
    /// <param name="rows">Samples in the batch.</param>
    /// <param name="columns">Classes, at least 1.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
    public static float SoftmaxCrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<float> t, Span<float> probabilities, int rows, int columns)
    {
        CheckPair(logits, t, rows, columns);
        CheckClasses(rows, columns);
        Guard.Length(probabilities.Length, logits.Length, nameof(probabilities));
        double total = 0;
        for (int i = 0; i < rows; i++)
        {
            total += SoftmaxCrossEntropyRowTerm(logits, t, probabilities, i, columns);
        }

        return (float)(total / Math.Max(rows, 1));
    }

    /// <summary>Each row's term of the fused softmax-cross-entropy against target rows, [rows], and its probabilities: for a row-split step.</summary>
    internal static void SoftmaxCrossEntropyRowTerms(ReadOnlySpan<float> logits, ReadOnlySpan<float> t, Span<float> probabilities, int rows, int columns, Span<double> terms)
    {
        for (int i = 0; i < rows; i++)
        {
            terms[i] = SoftmaxCrossEntropyRowTerm(logits, t, probabilities, i, columns);
        }
    }

    /// <summary>Fused softmax and cross-entropy with class indices as targets: <c>(1/rows) Σᵢ (LSEᵢ − xᵢ,labelᵢ)</c>.</summary>
    /// <param name="logits">The scores x.</param>
    /// <param name="labels">The class of each sample, in [0, columns).</param>
    /// <param name="probabilities">Written: softmax(x), the same shape as the scores. May be <paramref name="logits"/>.</param>
    /// <param name="rows">Samples in the batch.</param>
    /// <param name="columns">Classes, at least 1.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label is outside [0, columns).</exception>
    public static float SoftmaxCrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, Span<float> probabilities, int rows, int columns)
    {
        CheckLabels(logits, labels, rows, columns, nameof(logits));
        Guard.Length(probabilities.Length, logits.Length, nameof(probabilities));
        if (rows == 0)
        {
            return 0f;
        }

        // One width dispatch for the whole batch: a small output layer's rows (3 classes) are far shorter than a
        // vector, and choosing the width row by row cost more than the softmax itself.
        var call = new LabelCrossEntropyCall(logits, labels, probabilities, rows, columns);
        double total = WidthDispatcher.Run<LabelCrossEntropyCall, double>(ref call);
        return (float)(total / rows);
    }

    /// <summary>Each row's term of the fused softmax-cross-entropy against class indices, [rows], and its probabilities: for a row-split step.</summary>
    internal static void SoftmaxCrossEntropyRowTerms(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, Span<float> probabilities, int rows, int columns, Span<double> terms)
    {
        for (int i = 0; i < rows; i++)
        {
            terms[i] = SoftmaxCrossEntropyRowTerm(logits, labels[i], probabilities, i, columns);
        }
    }

    /// <summary>The gradient of the fused softmax-cross-entropy with respect to the scores: <c>dX = (p − t) / rows</c>.</summary>
    /// <param name="probabilities">softmax(x), as <see cref="SoftmaxCrossEntropy(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int)"/> wrote it.</param>
    /// <param name="t">The target distributions, the same shape.</param>
    /// <param name="dLogits">Written: the gradient, the same shape. May be <paramref name="probabilities"/>.</param>
    /// <param name="rows">Samples in the batch.</param>
    /// <param name="columns">Classes.</param>
    /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
    public static void SoftmaxCrossEntropyGradient(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> t, Span<float> dLogits, int rows, int columns)
    {
        CheckPair(probabilities, t, rows, columns);
        Guard.Length(dLogits.Length, probabilities.Length, nameof(dLogits));
        SoftmaxCrossEntropyGradientUnchecked(probabilities, t, dLogits, rows);
    }

    /// <summary>The gradient against target rows over any range of a batch of <paramref name="batch"/> rows, unchecked: for a row-split step.</summary>
    internal static void SoftmaxCrossEntropyGradientUnchecked(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> t, Span<float> dLogits, int batch) =>
        ElementWise.Apply<ScaledDifferenceOperator>(probabilities, t, 1f / Math.Max(batch, 1), dLogits);

    /// <summary>The gradient of the fused softmax-cross-entropy with class indices: <c>dX = (p − onehot(label)) / rows</c>.</summary>
    /// <param name="probabilities">softmax(x).</param>
    /// <param name="labels">The class of each sample, in [0, columns).</param>
    /// <param name="dLogits">Written: the gradient, the same shape. May be <paramref name="probabilities"/>.</param>
    /// <param name="rows">Samples in the batch.</param>
    /// <param name="columns">Classes.</param>
    /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label is outside [0, columns).</exception>
    public static void SoftmaxCrossEntropyGradient(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels, Span<float> dLogits, int rows, int columns)
    {
        CheckLabels(probabilities, labels, rows, columns, nameof(probabilities));
        Guard.Length(dLogits.Length, probabilities.Length, nameof(dLogits));
        SoftmaxCrossEntropyGradientUnchecked(probabilities, labels, dLogits, rows, columns, rows);
    }

    /// <summary>The gradient against class indices over <paramref name="rows"/> rows of a batch of <paramref name="batch"/>, unchecked: for a row-split step.</summary>
    internal static void SoftmaxCrossEntropyGradientUnchecked(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels, Span<float> dLogits, int rows, int columns, int batch)
    {
        float scale = 1f / Math.Max(batch, 1);
        if (!dLogits.Overlaps(probabilities))
        {
            // p·scale is one rounding per element at any width, so one pass over the batch writes what the row-by-row
            // passes below write; then each label's entry is redone from p, still intact.
            ElementWise.Apply<MultiplyByScalarOperator>(probabilities, scale, dLogits);
            for (int i = 0; i < rows; i++)
            {
                int label = (i * columns) + labels[i];
                dLogits[label] = (probabilities[label] - 1f) * scale;
            }

            return;
        }

        for (int i = 0; i < rows; i++)
        {
            // (p − 1)·scale, not p·scale − scale: near p = 1 the latter cancels after rounding p·scale. The label's p is
            // read before the row is written, since dLogits may be probabilities.
            int label = (i * columns) + labels[i];
            float labelProbability = probabilities[label];
            ElementWise.Apply<MultiplyByScalarOperator>(probabilities.Slice(i * columns, columns), scale, dLogits.Slice(i * columns, columns));
            dLogits[label] = (labelProbability - 1f) * scale;
        }
    }

    /// <summary>Checks class indices against <c>[0, columns)</c>; public entry points call it before writing anything.</summary>
    internal static void CheckLabels(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels, int rows, int columns, string scoresName)
    {
        Guard.NonNegative(rows);
        CheckClasses(rows, columns);
        Guard.Length(scores.Length, Guard.Product(rows, columns, scoresName), scoresName);
        Guard.Length(labels.Length, rows, nameof(labels));
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)columns)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(labels), $"labels[{i}] is {labels[i]}; classes are 0 to {columns - 1}.");
            }
        }
    }

    private static void CheckClasses(int rows, int columns)
    {
        Guard.NonNegative(columns);
        if (rows > 0 && columns == 0)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(columns), "A softmax over zero classes is undefined.");
        }
    }

    private static void CheckPair(ReadOnlySpan<float> y, ReadOnlySpan<float> t, int rows, int columns)
    {
        Guard.NonNegative(rows);
        Guard.NonNegative(columns);
        long length = Guard.Product(rows, columns, nameof(y));
        Guard.Length(y.Length, length, nameof(y));
        Guard.Length(t.Length, length, nameof(t));
    }

    /// <summary>Row <paramref name="row"/>'s sum of squared differences.</summary>
    private static double SquaredErrorRowTerm(ReadOnlySpan<float> y, ReadOnlySpan<float> t, int row, int columns) =>
        Aggregate.Run<SquaredDifferenceOperator>(y.Slice(row * columns, columns), t.Slice(row * columns, columns));

    /// <summary>Row <paramref name="row"/>'s softmax-cross-entropy against a target row; writes the row's probabilities.</summary>
    private static double SoftmaxCrossEntropyRowTerm(ReadOnlySpan<float> logits, ReadOnlySpan<float> t, Span<float> probabilities, int row, int columns)
    {
        ReadOnlySpan<float> xRow = logits.Slice(row * columns, columns);
        ReadOnlySpan<float> tRow = t.Slice(row * columns, columns);
        Span<float> pRow = probabilities.Slice(row * columns, columns);

        // Σⱼ tⱼ (log Σ − (xⱼ − m)) = log Σ·Σt − (t·x − m·Σt); t·x and Σt come before pRow (which may be xRow) is
        // overwritten. Subtracting m·Σt before adding log Σ keeps logits around ±1e4 from rounding the result.
        double targetDotLogits = Aggregate.Run<DotOperator>(tRow, xRow);
        double targetMass = Aggregate.Run<SumOperator>(tRow, ReadOnlySpan<float>.Empty);
        float logSum = Softmax.Row(xRow, pRow, out float max);
        return (logSum * targetMass) - (targetDotLogits - ((double)max * targetMass));
    }

    /// <summary>Row <paramref name="row"/>'s softmax-cross-entropy against its class; writes the row's probabilities.</summary>
    private static double SoftmaxCrossEntropyRowTerm(ReadOnlySpan<float> logits, int label, Span<float> probabilities, int row, int columns)
    {
        ReadOnlySpan<float> xRow = logits.Slice(row * columns, columns);
        Span<float> pRow = probabilities.Slice(row * columns, columns);
        float labelLogit = xRow[label];
        float logSum = Softmax.Row(xRow, pRow, out float max);
        return logSum + ((double)max - labelLogit);
    }

    /// <summary>The factor of the summed squared differences in the loss: ½, or one over the columns.</summary>
    internal static double SquaredErrorScale(SquaredErrorConvention convention, int columns) => convention switch
    {
        SquaredErrorConvention.HalfSum => 0.5,
        SquaredErrorConvention.Mean => 1.0 / Math.Max(columns, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(convention), convention, "Unknown squared-error convention."),
    };

    /// <summary>
    /// The per-row sum of <see cref="SoftmaxCrossEntropy(ReadOnlySpan{float}, ReadOnlySpan{int}, Span{float}, int, int)"/>
    /// at one width for every row: Σᵢ (log Σⱼ e^(xᵢⱼ − mᵢ) + mᵢ − xᵢ,labelᵢ), rows added in order in double. Rows shorter
    /// than one vector run at the widest narrower width that fits them, the width <see cref="Softmax.Row"/> picks; rows
    /// it would run one float at a time run a row per lane instead (<see cref="RowsInLanes{TVec}"/>).
    /// </summary>
    private readonly ref struct LabelCrossEntropyCall(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, Span<float> probabilities, int rows, int columns) : IWidthKernel<double>
    {
        // Rows of up to 3 classes are the ones shorter than a 4-float vector; a 512-bit vector holds 16 rows.
        private const int NarrowColumnsMax = 3;
        private const int MaxLanes = 16;

        private readonly ReadOnlySpan<float> _logits = logits;
        private readonly ReadOnlySpan<int> _labels = labels;
        private readonly Span<float> _probabilities = probabilities;
        private readonly int _rows = rows;
        private readonly int _columns = columns;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public double Run<TVec>()
            where TVec : struct, IFloatVector<TVec>
        {
            if (_columns < FloatVector128.Count && TVec.Count > FloatScalar.Count)
            {
                return RowsInLanes<TVec>();
            }

            if (_columns < TVec.Count)
            {
                LabelCrossEntropyCall self = this;
                return WidthDispatcher.RunNarrower<LabelCrossEntropyCall, TVec, double>(ref self, double.NaN);
            }

            return Rows<TVec>(0);
        }

        /// <summary>Each row from <paramref name="first"/> on through the row softmax at <typeparamref name="TVec"/>; the sum of their losses.</summary>
        private double Rows<TVec>(int first)
            where TVec : struct, IFloatVector<TVec>
        {
            double total = 0;
            for (int i = first; i < _rows; i++)
            {
                ReadOnlySpan<float> xRow = _logits.Slice(i * _columns, _columns);
                // Read before the softmax overwrites it: the probabilities may be the logits.
                float labelLogit = xRow[_labels[i]];
                float logSum = MathF.Log(Softmax.RowCore<TVec>(xRow, _probabilities.Slice(i * _columns, _columns), out float max));
                total += logSum + ((double)max - labelLogit);
            }

            return total;
        }

        /// <summary>
        /// Rows shorter than the narrowest vector (one to three classes), which the row softmax would run one float at a
        /// time, <typeparamref name="TVec"/>.Count rows at once with a row in each lane: the scalar pass's exact steps
        /// (the last logit, then the max with each other one in order; e^(x − max) from the first logit on, summed from
        /// 0 in that order; each times 1/Σ), lane by lane, so every probability and every row's loss keep their bits.
        /// The rows that do not fill a vector take the scalar pass itself.
        /// </summary>
        private double RowsInLanes<TVec>()
            where TVec : struct, IFloatVector<TVec>
        {
            int lanes = TVec.Count, columns = _columns;
            nuint stride = (nuint)lanes;

            // The block's logits, then its exponentials and probabilities, column-major: column j of the block is one vector.
            Span<float> logits = stackalloc float[NarrowColumnsMax * MaxLanes];
            Span<float> probabilities = stackalloc float[NarrowColumnsMax * MaxLanes];
            Span<float> sums = stackalloc float[MaxLanes];
            Span<float> maxima = stackalloc float[MaxLanes];
            ref float x = ref MemoryMarshal.GetReference(logits);
            ref float p = ref MemoryMarshal.GetReference(probabilities);
            double total = 0;
            int start = 0;
            for (; start + lanes <= _rows; start += lanes)
            {
                for (int lane = 0; lane < lanes; lane++)
                {
                    for (int j = 0; j < columns; j++)
                    {
                        logits[(j * lanes) + lane] = _logits[((start + lane) * columns) + j];
                    }
                }

                TVec max = TVec.Load(in x, (nuint)(columns - 1) * stride);
                for (int j = 0; j < columns - 1; j++)
                {
                    max = TVec.Max(max, TVec.Load(in x, (nuint)j * stride));
                }

                TVec sum = TVec.Zero;
                for (int j = 0; j < columns; j++)
                {
                    TVec e = VectorMath.Exp(TVec.Load(in x, (nuint)j * stride) - max);
                    TVec.Store(e, ref p, (nuint)j * stride);
                    sum += e;
                }

                TVec scale = TVec.One / sum;
                for (int j = 0; j < columns; j++)
                {
                    TVec.Store(TVec.Load(in p, (nuint)j * stride) * scale, ref p, (nuint)j * stride);
                }

                TVec.Store(sum, ref MemoryMarshal.GetReference(sums), 0);
                TVec.Store(max, ref MemoryMarshal.GetReference(maxima), 0);
                for (int lane = 0; lane < lanes; lane++)
                {
                    int row = start + lane;
                    for (int j = 0; j < columns; j++)
                    {
                        _probabilities[(row * columns) + j] = probabilities[(j * lanes) + lane];
                    }

                    float labelLogit = logits[(_labels[row] * lanes) + lane];
                    total += MathF.Log(sums[lane]) + ((double)maxima[lane] - labelLogit);
                }
            }

            return total + Rows<FloatScalar>(start);
        }
    }
}
