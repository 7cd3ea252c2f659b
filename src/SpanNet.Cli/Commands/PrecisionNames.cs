using System.Collections.Generic;
using System.CommandLine;
using SpanNet.Inference;

namespace SpanNet.Cli.Commands;

/// <summary>The <c>--precision</c> option of <c>eval</c> and <c>serve</c>: how the dense weights of the inference model are stored.</summary>
internal static class PrecisionNames
{
    public static NamedChoice<WeightPrecision> Names { get; } = new(
        new KeyValuePair<string, WeightPrecision>("fp32", WeightPrecision.Fp32),
        new KeyValuePair<string, WeightPrecision>("bf16", WeightPrecision.BFloat16),
        new KeyValuePair<string, WeightPrecision>("int8", WeightPrecision.Int8));

    /// <summary>A new <c>--precision</c> option (each command needs its own instance).</summary>
    public static Option<WeightPrecision?> CreateOption() => Names.CreateOption(
        "--precision",
        "Dense weights as fp32, bf16 (rounded, half the bytes) or int8 (per-output scales, inputs quantized per row, a quarter of the bytes); BatchNorm folds in first",
        WeightPrecision.Fp32);
}
