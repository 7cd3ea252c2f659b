using System.Collections.Generic;
using SpanNet.Cli.Progress;

namespace SpanNet.Cli.Reports;

/// <summary>What <c>spannet train --json</c> prints: the outcome, its cost, the settings, and every epoch.</summary>
/// <param name="Accuracy">Test accuracy of the saved model ("NaN" for regression: see rmse, mae and r2).</param>
/// <param name="Loss">Test loss of the saved model (mean squared error on standardised targets for regression).</param>
/// <param name="Epochs">Epochs run (fewer than asked when early stopping ended the run).</param>
/// <param name="Seconds">Wall-clock time of the whole command, data loading and saving included.</param>
/// <param name="TrainSeconds">Time spent in training steps only, all epochs.</param>
/// <param name="SamplesPerSecond">Training samples processed per second of <paramref name="TrainSeconds"/>.</param>
/// <param name="TrainSecondsPerEpoch">Each epoch's training time, evaluation excluded.</param>
/// <param name="DataSeconds">Time spent loading the data (MNIST, or the table's two passes, split and preprocessing).</param>
/// <param name="DataCpuSeconds">
/// CPU time of every thread of the process up to the same point, start-up included: on a shared machine, where wall
/// time follows the scheduler, the figure to compare with another tool's CPU time.
/// </param>
/// <param name="EvaluationSeconds">Time spent scoring validation and test sets after the epochs.</param>
/// <param name="Model">The saved model's full path.</param>
/// <param name="Plot">The training-curve SVG's full path.</param>
/// <param name="Layers">Layer widths, input first.</param>
/// <param name="Activation">The hidden-layer activation.</param>
/// <param name="WeightInit">How the initial weights were drawn: "he" or "uniform" ("from --init" when fine-tuning).</param>
/// <param name="Optimizer">The optimizer's name.</param>
/// <param name="LearningRate">Its initial learning rate.</param>
/// <param name="DecayEvery">Epochs between learning-rate decay steps (0: constant rate).</param>
/// <param name="DecayFactor">The factor of each decay step.</param>
/// <param name="BatchSize">Samples per step.</param>
/// <param name="Seed">Seed of weights and shuffling.</param>
/// <param name="TrainSamples">Samples trained on per epoch.</param>
/// <param name="ValidationSamples">Samples held out for validation.</param>
/// <param name="History">Every epoch's figures.</param>
/// <param name="Task">"classification" or "regression".</param>
/// <param name="Rows">Rows (images) read, training and test together.</param>
/// <param name="Features">Network inputs per sample.</param>
/// <param name="Classes">The class names (empty for regression).</param>
/// <param name="Schema">A table's inferred schema, column by column (null for MNIST).</param>
/// <param name="Rmse">Regression: root-mean-square error on the test set, in the label's units.</param>
/// <param name="Mae">Regression: mean absolute error on the test set.</param>
/// <param name="R2">Regression: coefficient of determination on the test set.</param>
/// <param name="LogLoss">Table classification: mean −ln p(true class) on the test set.</param>
/// <param name="RocAuc">Table classification with two classes: ROC AUC on the test set.</param>
/// <param name="BestEpoch">With --restore-best: the epoch whose weights were kept (else null).</param>
internal sealed record TrainReport(
    float Accuracy,
    float Loss,
    int Epochs,
    double Seconds,
    double TrainSeconds,
    double SamplesPerSecond,
    IReadOnlyList<double> TrainSecondsPerEpoch,
    double DataSeconds,
    double DataCpuSeconds,
    double EvaluationSeconds,
    string Model,
    string Plot,
    IReadOnlyList<int> Layers,
    string Activation,
    string WeightInit,
    string Optimizer,
    float LearningRate,
    int DecayEvery,
    float DecayFactor,
    int BatchSize,
    int Seed,
    int TrainSamples,
    int ValidationSamples,
    IReadOnlyList<EpochRecord> History,
    string Task,
    int Rows,
    int Features,
    IReadOnlyList<string> Classes,
    IReadOnlyList<SchemaColumnReport>? Schema,
    double? Rmse,
    double? Mae,
    double? R2,
    double? LogLoss,
    double? RocAuc,
    int? BestEpoch);
