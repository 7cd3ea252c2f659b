using System;
using System.IO;

namespace SpanNet.Cli.Platform;

/// <summary>The processor as Linux names it: <c>/proc/cpuinfo</c>'s model name, family and model of the first CPU.</summary>
/// <param name="ModelName">"model name", e.g. "AMD EPYC".</param>
/// <param name="Family">"cpu family", e.g. "25".</param>
/// <param name="Model">"model", e.g. "17".</param>
/// <param name="Flags">"flags": the instruction-set extensions the kernel reports, space-separated.</param>
internal sealed record CpuDescription(string ModelName, string Family, string Model, string Flags)
{
    private const string Unknown = "unknown";

    /// <summary>Reads <c>/proc/cpuinfo</c>; every field is "unknown" where the file or the field is missing (not Linux, say).</summary>
    public static CpuDescription Read()
    {
        string modelName = Unknown, family = Unknown, model = Unknown, flags = string.Empty;
        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/cpuinfo");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CpuDescription(modelName, family, model, flags);
        }

        foreach (string line in lines)
        {
            if (line.Length == 0)
            {
                break; // The first processor's block ends at the first blank line; the others repeat it.
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            string key = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "model name": modelName = value; break;
                case "cpu family": family = value; break;
                case "model": model = value; break;
                case "flags": flags = value; break;
                default: break;
            }
        }

        return new CpuDescription(modelName, family, model, flags);
    }

    /// <summary>The widest vector the CPU itself offers in bits (512 with AVX-512F, 256 with AVX2, else 128), from its flags.</summary>
    public int WidestVectorBits()
    {
        string padded = $" {Flags} ";
        if (padded.Contains(" avx512f ", StringComparison.Ordinal))
        {
            return 512;
        }

        return padded.Contains(" avx2 ", StringComparison.Ordinal) ? 256 : 128;
    }

    /// <summary>
    /// The low-precision dot-product instructions among the CPU's flags, by their Linux names: bfloat16 (<c>avx512_bf16</c>,
    /// <c>amx_bf16</c>) and int8 (<c>avx_vnni</c>, <c>avx512_vnni</c>, <c>amx_int8</c>); empty when it has none.
    /// </summary>
    public string[] LowPrecisionInstructions()
    {
        string padded = $" {Flags} ";
        return Array.FindAll(
            ["avx512_bf16", "amx_bf16", "avx_vnni", "avx512_vnni", "amx_int8"],
            flag => padded.Contains($" {flag} ", StringComparison.Ordinal));
    }
}
