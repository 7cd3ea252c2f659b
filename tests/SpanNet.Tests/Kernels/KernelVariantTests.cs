using System;
using SpanNet.Kernels;
using SpanNet.Kernels.LowPrecision;
using SpanNet.Kernels.Simd;
using SpanNet.Networks;
using SpanNet.Tests.Networks;
using SpanNet.Tests.Reference;
using Xunit;

namespace SpanNet.Tests.Kernels;

/// <summary>
/// Every variant <see cref="KernelVariants"/> registers runs when forced, on every width, and agrees with the naive
/// reference; forcing is per thread and undone by the scope.
/// </summary>
public class KernelVariantTests
{
    private const double UnitRoundoff = 1.0 / (1 << 24);

    public static TheoryData<int, int, int, int> GemmCases => new()
    {
        { (int)GemmVariant.Direct, 1, 100, 784 },
        { (int)GemmVariant.Direct, 37, 33, 65 },
        { (int)GemmVariant.Packed, 1, 100, 784 },
        { (int)GemmVariant.Packed, 3, 17, 9 },
        { (int)GemmVariant.Rule, 37, 33, 65 },
        { (int)GemmVariant.PackedAOnly, 1, 100, 784 },
        { (int)GemmVariant.PackedAOnly, 37, 33, 65 },
        { (int)GemmVariant.PackedAOnly, 13, 19, 9 },
        { (int)GemmVariant.PackedAOnly, 300, 101, 520 },
    };

    [Theory]
    [MemberData(nameof(GemmCases))]
    public void Each_gemm_variant_matches_the_reference_at_every_width(int variantNumber, int m, int n, int k)
    {
        var variant = (GemmVariant)variantNumber;
        float[] a = RandomValues.Uniform(m * k, 1);
        float[] b = RandomValues.Uniform(k * n, 2);
        (double[] expected, double[] absoluteSum) = NaiveKernels.Gemm(a, b, new float[m * n], m, n, k, false, false, 1f, 0f);
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forcedWidth = WidthDispatcher.Force(width);
            using KernelVariants.Forced forced = KernelVariants.Force(variant);
            var shape = new GemmShape(m, n, k, MatrixOperation.Identity, MatrixOperation.Identity, k, n, n);
            bool packs = variant is GemmVariant.Packed or GemmVariant.PackedAOnly || (variant == GemmVariant.Rule && m > GemmBlocking.DirectRowLimit);
            Assert.Equal(packs, Gemm.NeedsPacking(in shape));
            var c = new float[m * n];
            Gemm.MultiplyAdd(a, b, c, m, n, k);
            for (int i = 0; i < c.Length; i++)
            {
                Assert.True(Math.Abs(c[i] - expected[i]) <= ((k + 2) * UnitRoundoff * 1.01 * absoluteSum[i]) + 1e-30, $"{variant} at {width}: c[{i}] is {c[i]}, expected {expected[i]}");
            }
        }

        Assert.Equal(GemmVariant.Rule, KernelVariants.Gemm);
    }

    [Theory]
    [InlineData((int)SparseProductVariant.Dense)]
    [InlineData((int)SparseProductVariant.ZeroSkipping)]
    public void Forced_products_decide_the_thresholds_and_train_to_nearly_the_same_network(int variantNumber)
    {
        var variant = (SparseProductVariant)variantNumber;
        float[] x = GradientCheckProperties.MostlyZeros(RandomValues.Uniform(100 * 784, 3), 3);
        (_, int[] labels) = RandomValues.Classes(100, 10, 4);
        float[] ruled = Losses(SparseProductVariant.Rule, x, labels);
        float[] forced = Losses(variant, x, labels);
        for (int i = 0; i < ruled.Length; i++)
        {
            Assert.True(Math.Abs(ruled[i] - forced[i]) <= 1e-4f * Math.Max(1f, Math.Abs(ruled[i])), $"step {i}: {forced[i]} forced {variant}, {ruled[i]} by the rule");
        }

        using (KernelVariants.Force(variant))
        {
            Assert.Equal(variant == SparseProductVariant.Dense ? -1f : 1f, SparseProductRule.ForwardMaxDensity);
            Assert.Equal(variant == SparseProductVariant.Dense ? -1f : 1f, SparseProductRule.WeightGradientMaxDensity);
        }

        Assert.Equal(SparseProductRule.ForwardThreshold(SparseProductRule.Family), SparseProductRule.ForwardMaxDensity);
    }

    [Fact]
    public void Every_int8_path_this_cpu_has_can_be_forced_and_one_it_lacks_cannot()
    {
        foreach (Int8Path path in KernelVariants.AvailableInt8Paths)
        {
            using (KernelVariants.Force(path))
            {
                Assert.Equal(path, Int8Affine.Current);
            }

            Assert.Equal(Int8Affine.Fastest, Int8Affine.Current);
        }

        foreach (Int8Path path in Enum.GetValues<Int8Path>())
        {
            if (!Int8Affine.IsAvailable(path))
            {
                Assert.Throws<ArgumentOutOfRangeException>(() => { using KernelVariants.Forced forced = KernelVariants.Force(path); });
            }
        }
    }

    [Theory]
    [InlineData(100, 100, 784, MatrixOperation.Identity, MatrixOperation.Identity)]
    [InlineData(784, 100, 100, MatrixOperation.Transpose, MatrixOperation.Identity)]
    [InlineData(100, 784, 100, MatrixOperation.Identity, MatrixOperation.Transpose)]
    [InlineData(2, 33, 17, MatrixOperation.Identity, MatrixOperation.Identity)]
    public void The_unchecked_entry_points_give_the_checked_ones_bits(int m, int n, int k, MatrixOperation opA, MatrixOperation opB)
    {
        float[] a = GradientCheckProperties.MostlyZeros(RandomValues.Uniform(m * k, 5), 5);
        float[] b = RandomValues.Uniform(k * n, 6);
        float[] c0 = RandomValues.Uniform(m * n, 7);
        float[] checkedC = (float[])c0.Clone(), uncheckedC = (float[])c0.Clone();
        Gemm.MultiplyAdd(a, b, checkedC, m, n, k, opA, opB, 0.5f, 1f);
        Gemm.MultiplyAddUnchecked(a, b, uncheckedC, m, n, k, opA, opB, 0.5f, 1f, null);
        Assert.Equal(checkedC, uncheckedC);
        if (opB == MatrixOperation.Identity)
        {
            checkedC = (float[])c0.Clone();
            uncheckedC = (float[])c0.Clone();
            Gemm.MultiplyAddSparseA(a, b, checkedC, m, n, k, opA, beta: 1f);
            Gemm.MultiplyAddSparseAUnchecked(a, b, uncheckedC, m, n, k, opA, 1f);
            Assert.Equal(checkedC, uncheckedC);
        }
    }

    private static float[] Losses(SparseProductVariant variant, float[] x, int[] labels)
    {
        using KernelVariants.Forced forced = KernelVariants.Force(variant);
        using Network net = NetworkFactory.Mnist();
        using Workspace ws = net.CreateWorkspace(100);
        using var sgd = new SpanNet.Training.Optimizers.Sgd(net.Parameters.Length, 0.1f);
        var losses = new float[5];
        for (int step = 0; step < losses.Length; step++)
        {
            losses[step] = SpanNet.Training.TrainingStep.TrainStep(net, x, labels, 100, sgd, ws);
        }

        return losses;
    }
}
