using System.Collections.Generic;

namespace SpanNet.Cli.Reports;

/// <summary>What <c>spannet eval --json</c> prints.</summary>
/// <param name="Accuracy">Fraction of test images classified right.</param>
/// <param name="Loss">Mean softmax cross-entropy on the test set.</param>
/// <param name="Samples">Test images scored.</param>
/// <param name="Seconds">Time of the scoring pass alone (loading excluded).</param>
/// <param name="SamplesPerSecond">Images scored per second.</param>
/// <param name="Model">The model's full path.</param>
/// <param name="PerClassAccuracy">Accuracy on each digit's images, 0 first (null for a class the set lacks).</param>
/// <param name="ConfusionMatrix">Counts [true class][predicted class].</param>
/// <param name="Precision">The dense weights' precision the images were scored at: fp32, bf16 or int8.</param>
internal sealed record EvalReport(
    float Accuracy,
    float Loss,
    int Samples,
    double Seconds,
    double SamplesPerSecond,
    string Model,
    IReadOnlyList<double?> PerClassAccuracy,
    IReadOnlyList<int[]> ConfusionMatrix,
    string Precision);
