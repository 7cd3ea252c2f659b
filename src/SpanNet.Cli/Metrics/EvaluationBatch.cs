namespace SpanNet.Cli.Metrics;

/// <summary>How many samples the CLI scores per forward pass.</summary>
internal static class EvaluationBatch
{
    /// <summary>Large batches keep the GEMM busy; 1,000 divides the MNIST test set evenly.</summary>
    public const int Capacity = 1000;
}
