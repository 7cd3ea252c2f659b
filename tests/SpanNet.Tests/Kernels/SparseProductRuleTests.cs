using SpanNet.Kernels;
using Xunit;

namespace SpanNet.Tests.Kernels;

public class SparseProductRuleTests
{
    [Theory]
    [InlineData("AuthenticAMD", 0x00A10F11, nameof(CpuFamily.AmdZen4))]  // EPYC Genoa: family 19h, model 11h (this project's Zen 4 machines)
    [InlineData("AuthenticAMD", 0x00A60F12, nameof(CpuFamily.AmdZen4))]  // Ryzen 7000: family 19h, model 61h
    [InlineData("AuthenticAMD", 0x00A00F11, nameof(CpuFamily.Other))]    // EPYC Milan, Zen 3: family 19h, model 01h
    [InlineData("AuthenticAMD", 0x00B00F21, nameof(CpuFamily.AmdZen5))]  // EPYC Turin: family 1Ah, model 02h
    [InlineData("GenuineIntel", 0x000806F8, nameof(CpuFamily.IntelSapphireRapids))] // Sapphire Rapids: family 6, model 8Fh
    [InlineData("GenuineIntel", 0x000C06F2, nameof(CpuFamily.IntelSapphireRapids))] // Emerald Rapids: family 6, model CFh
    [InlineData("GenuineIntel", 0x00050654, nameof(CpuFamily.Other))]    // Skylake-SP: family 6, model 55h
    [InlineData("HygonGenuine", 0x00A10F11, nameof(CpuFamily.Other))]
    public void Cpuid_signatures_map_to_their_families(string vendor, int signature, string expected) =>
        Assert.Equal(expected, SparseProductRule.Classify(vendor, signature).ToString());

    [Fact]
    public void Unknown_cpus_get_the_most_conservative_thresholds()
    {
        foreach (CpuFamily family in System.Enum.GetValues<CpuFamily>())
        {
            Assert.True(SparseProductRule.ForwardThreshold(CpuFamily.Other) <= SparseProductRule.ForwardThreshold(family), $"forward, {family}");
            Assert.True(SparseProductRule.WeightGradientThreshold(CpuFamily.Other) <= SparseProductRule.WeightGradientThreshold(family), $"weight gradient, {family}");
        }
    }

    [Fact]
    public void This_process_uses_its_familys_thresholds()
    {
        Assert.Equal(SparseProductRule.ForwardThreshold(SparseProductRule.Family), SparseProductRule.ForwardMaxDensity);
        Assert.Equal(SparseProductRule.WeightGradientThreshold(SparseProductRule.Family), SparseProductRule.WeightGradientMaxDensity);
    }
}
