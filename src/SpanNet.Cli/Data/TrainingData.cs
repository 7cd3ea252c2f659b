using System.Collections.Generic;
using SpanNet.Data.Tables;
using SpanNet.Training;

namespace SpanNet.Cli.Data;

/// <summary>
/// What <c>spannet train</c> learns from, whatever the source (MNIST, a CSV/TSV or Parquet table): the training set,
/// the test set, the widths they imply, the task and its class names, and for a table the fitted preprocessing that
/// the model file keeps.
/// </summary>
/// <param name="Name">The data set's name, for the plot title and the log (MNIST, or the table's file name).</param>
/// <param name="Train">The training samples (a validation split is taken from their end).</param>
/// <param name="Test">The samples scored after every epoch and at the end.</param>
/// <param name="Task">Classification or regression.</param>
/// <param name="ClassNames">The class names, index by index (empty for regression).</param>
/// <param name="Preprocessing">For a table: what turns its raw rows into the inputs; null for MNIST.</param>
/// <param name="Schema">For a table: what the load found; null for MNIST.</param>
/// <param name="Rows">Rows (or images) read, training and test together.</param>
internal sealed record TrainingData(
    string Name,
    LabeledDataset Train,
    LabeledDataset Test,
    TableTask Task,
    IReadOnlyList<string> ClassNames,
    TablePreprocessing? Preprocessing,
    TableSchema? Schema,
    int Rows)
{
    /// <summary>Inputs per sample: the network's input width.</summary>
    public int Inputs => Train.FeatureCount;

    /// <summary>The network's output width: one per class, or 1 for regression.</summary>
    public int Outputs => Train.TargetCount;
}
