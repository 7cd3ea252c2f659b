using System;
using SpanNet.Kernels.Simd;

namespace SpanNet.Accuracy;

/// <summary>Runs every kernel at every width over one block of bit patterns and folds the errors into a table.</summary>
internal sealed class ChunkSweep(SweptKernel[] kernels, SimdWidth[] widths, Statistics[,] table, int stride)
{
    private readonly float[] _x = new float[1 << 22];
    private readonly float[] _y = new float[1 << 22];
    private readonly double[] _reference = new double[1 << 22];

    public void Run(uint first, uint count)
    {
        int n = 0;
        for (uint i = 0; i < count; i++)
        {
            uint bits = first + i;
            if (bits % (uint)stride == 0 && (bits & 0x7F800000u) != 0x7F800000u)
            {
                _x[n++] = BitConverter.UInt32BitsToSingle(bits);
            }
        }

        ReadOnlySpan<float> x = _x.AsSpan(0, n);
        Span<float> y = _y.AsSpan(0, n);
        for (int k = 0; k < kernels.Length; k++)
        {
            for (int i = 0; i < n; i++)
            {
                _reference[i] = kernels[k].Reference(x[i]);
            }

            for (int w = 0; w < widths.Length; w++)
            {
                using (WidthDispatcher.Force(widths[w]))
                {
                    kernels[k].Kernel(x, y);
                }

                Statistics s = table[k, w];
                for (int i = 0; i < n; i++)
                {
                    s.Add(x[i], y[i], _reference[i]);
                }
            }
        }
    }
}
