using System.Runtime.InteropServices;

namespace SpanNet.PeerBenchmarks;

/// <summary>
/// OpenBLAS's <c>cblas_sgemm</c>, called through P/Invoke from Debian's <c>libopenblas0-pthread</c>
/// (<c>libopenblas.so.0</c>): the BLAS that numpy ships, and the peer whose GEMM SpanNet's is measured against. Only
/// this benchmark project loads it; the library and its tests never do.
/// </summary>
/// <remarks>
/// Run with <c>OPENBLAS_CORETYPE</c> and <c>OPENBLAS_L2_SIZE</c> unset (bench/PEERS.md gives the command): either one
/// overrides OpenBLAS's own detection of the CPU and its caches, and would measure another kernel than the one it picks.
/// </remarks>
internal static partial class OpenBlas
{
    private const string Library = "libopenblas.so.0";

    /// <summary>CBLAS_ORDER's CblasRowMajor.</summary>
    private const int RowMajor = 101;

    /// <summary>CBLAS_TRANSPOSE's CblasNoTrans.</summary>
    private const int NoTranspose = 111;

    /// <summary>Sets the threads OpenBLAS's own pool uses, the caller's included.</summary>
    public static void SetThreadCount(int threads) => openblas_set_num_threads(threads);

    /// <summary>
    /// <c>C = α·A·B + β·C</c> for row-major <paramref name="a"/> (m × k), <paramref name="b"/> (k × n) and
    /// <paramref name="c"/> (m × n), as <c>Gemm.MultiplyAdd</c> without transposes.
    /// </summary>
    public static unsafe void Multiply(float[] a, float[] b, float[] c, int m, int n, int k, float alpha, float beta)
    {
        fixed (float* aPointer = a, bPointer = b, cPointer = c)
        {
            cblas_sgemm(RowMajor, NoTranspose, NoTranspose, m, n, k, alpha, aPointer, k, bPointer, n, beta, cPointer, n);
        }
    }

    [LibraryImport(Library)]
    private static unsafe partial void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);

    [LibraryImport(Library)]
    private static partial void openblas_set_num_threads(int threads);
}
