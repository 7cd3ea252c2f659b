using System.Collections.Generic;

namespace SpanNet.Cli.Reports;

/// <summary>What <c>spannet predict --json</c> prints.</summary>
/// <param name="Model">The model's full path.</param>
/// <param name="Source">The image file's full path.</param>
/// <param name="Predictions">One entry per image classified.</param>
internal sealed record PredictReport(string Model, string Source, IReadOnlyList<PredictionReport> Predictions);
