using System.Runtime.Intrinsics.X86;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

/// <summary>
/// When a dense layer reading the network's input takes the zero-skipping products
/// (<see cref="Gemm.MultiplyAddSparseA"/>) instead of the blocked GEMM: at or below a fraction of nonzero inputs fixed
/// per <see cref="CpuFamily"/>, one for the forward product <c>X·W</c> and one for the weight gradient <c>Xᵀ·dY</c>.
/// </summary>
/// <remarks>
/// <para>
/// The two paths round differently, so the choice is a fixed rule of the data and the CPU family, never a timing
/// taken at run time: the same data on the same machine always takes the same path and gives the same bits. The
/// thresholds are the crossovers of <c>SparseGemmBenchmarks</c> (784 inputs, 100 outputs, batch 100, zeros placed at
/// random, which is harder on the sparse path than MNIST's clustered strokes), rounded down so the sparse path is
/// never the slower one; docs/ARCHITECTURE.md gives the measurements and says which rows are derived rather than
/// measured.
/// </para>
/// </remarks>
internal static class SparseProductRule
{
    /// <summary>The family of the processor this process runs on.</summary>
    public static CpuFamily Family { get; } = DetectFamily();

    private static readonly float s_forwardMaxDensity = ForwardThreshold(Family);
    private static readonly float s_weightGradientMaxDensity = WeightGradientThreshold(Family);

    /// <summary>The largest nonzero fraction of X at which <c>X·W</c> skips X's zeros on this processor.</summary>
    /// <remarks>Unless a test or benchmark forced a product on this thread (<c>KernelVariants</c>): then 1 (always skip) or −1 (never).</remarks>
    public static float ForwardMaxDensity => Forced(s_forwardMaxDensity);

    /// <summary>The largest nonzero fraction of X at which <c>Xᵀ·dY</c> skips X's zeros on this processor.</summary>
    /// <remarks>Unless a test or benchmark forced a product on this thread (<c>KernelVariants</c>): then 1 (always skip) or −1 (never).</remarks>
    public static float WeightGradientMaxDensity => Forced(s_weightGradientMaxDensity);

    /// <summary>A density no fraction exceeds (1: skip zeros) or none reaches (−1: dense) when forced; else <paramref name="rule"/>.</summary>
    private static float Forced(float rule) => KernelVariants.SparseProducts switch
    {
        SparseProductVariant.ZeroSkipping => 1f,
        SparseProductVariant.Dense => -1f,
        _ => rule,
    };

    /// <summary>The forward threshold of <paramref name="family"/>.</summary>
    public static float ForwardThreshold(CpuFamily family) => family switch
    {
        CpuFamily.AmdZen4 => 0.30f,
        CpuFamily.AmdZen5 => 0.20f,
        CpuFamily.IntelSapphireRapids => 0.15f,
        _ => 0.10f,
    };

    /// <summary>The weight-gradient threshold of <paramref name="family"/>.</summary>
    public static float WeightGradientThreshold(CpuFamily family) => family switch
    {
        CpuFamily.AmdZen4 => 0.25f,
        CpuFamily.AmdZen5 => 0.15f,
        CpuFamily.IntelSapphireRapids => 0.15f,
        _ => 0.10f,
    };

    /// <summary>The family from CPUID's vendor string and display family and model.</summary>
    internal static CpuFamily DetectFamily()
    {
        if (!X86Base.IsSupported)
        {
            return CpuFamily.Other;
        }

        (_, int ebx, int ecx, int edx) = X86Base.CpuId(0, 0);
        (int signature, _, _, _) = X86Base.CpuId(1, 0);
        return Classify(Vendor(ebx, edx, ecx), signature);
    }

    /// <summary>The family of a CPU with vendor string <paramref name="vendor"/> and CPUID leaf 1's EAX <paramref name="signature"/>.</summary>
    internal static CpuFamily Classify(string vendor, int signature)
    {
        int baseFamily = (signature >> 8) & 0xF;
        int family = baseFamily == 0xF ? baseFamily + ((signature >> 20) & 0xFF) : baseFamily;
        int model = (signature >> 4) & 0xF;
        if (baseFamily is 0x6 or 0xF)
        {
            model |= ((signature >> 16) & 0xF) << 4;
        }

        return (vendor, family, model) switch
        {
            ("AuthenticAMD", 0x19, >= 0x10 and <= 0x1F or >= 0x60 and <= 0xAF) => CpuFamily.AmdZen4,
            ("AuthenticAMD", 0x1A, _) => CpuFamily.AmdZen5,
            ("GenuineIntel", 0x6, 0x8F or 0xCF) => CpuFamily.IntelSapphireRapids,
            _ => CpuFamily.Other,
        };
    }

    private static string Vendor(int ebx, int edx, int ecx)
    {
        System.Span<byte> text = stackalloc byte[12];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(text, ebx);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(text[4..], edx);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(text[8..], ecx);
        return System.Text.Encoding.ASCII.GetString(text);
    }
}
