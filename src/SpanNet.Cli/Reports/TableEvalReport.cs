using System.Collections.Generic;

namespace SpanNet.Cli.Reports;

/// <summary>What <c>spannet eval --data --json</c> prints for a tabular model.</summary>
/// <param name="Task">"classification" or "regression".</param>
/// <param name="Samples">Rows scored.</param>
/// <param name="Model">The model's full path.</param>
/// <param name="UnseenCategories">Cells whose category the training rows never had (encoded as all zeros).</param>
/// <param name="Accuracy">Classification: fraction of rows classified right.</param>
/// <param name="LogLoss">Classification: mean −ln p(true class).</param>
/// <param name="RocAuc">Two classes: ROC AUC of class 1's probability.</param>
/// <param name="Classes">The class names.</param>
/// <param name="PerClassAccuracy">Accuracy per class (null for a class the set lacks).</param>
/// <param name="ConfusionMatrix">Counts [true class][predicted class].</param>
/// <param name="Rmse">Regression: root-mean-square error in the label's units.</param>
/// <param name="Mae">Regression: mean absolute error.</param>
/// <param name="R2">Regression: coefficient of determination.</param>
internal sealed record TableEvalReport(
    string Task,
    int Samples,
    string Model,
    long UnseenCategories,
    double? Accuracy,
    double? LogLoss,
    double? RocAuc,
    IReadOnlyList<string> Classes,
    IReadOnlyList<double?> PerClassAccuracy,
    IReadOnlyList<int[]> ConfusionMatrix,
    double? Rmse,
    double? Mae,
    double? R2);
