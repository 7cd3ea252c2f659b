using System.Collections.Generic;

namespace SpanNet.Cli.Reports;

/// <summary>One classified image in <c>spannet predict --json</c>.</summary>
/// <param name="Index">The image's index in its IDX file, or 0 for a single picture.</param>
/// <param name="Predicted">The most probable class.</param>
/// <param name="Label">The true class, when a label file was given.</param>
/// <param name="Probabilities">The probability of each class, 0 first.</param>
internal sealed record PredictionReport(int Index, int Predicted, int? Label, IReadOnlyList<float> Probabilities);
