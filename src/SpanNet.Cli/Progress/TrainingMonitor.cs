using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using SpanNet.Training;
using Spectre.Console;

namespace SpanNet.Cli.Progress;

/// <summary>
/// Watches <see cref="Trainer.Fit"/>: times each epoch's training apart from its evaluations, scores the test set after
/// each epoch, prints one line per epoch, and feeds the live progress bar when there is one.
/// </summary>
/// <remarks>
/// The trainer calls <see cref="OnIteration"/> after every step and <see cref="OnEpochEnd"/> after its own validation
/// pass, so an epoch's training time runs from the end of the previous epoch's line (or <see cref="Start"/>) to the
/// last step's <see cref="OnIteration"/>, and everything from there to the end of <see cref="OnEpochEnd"/> is
/// evaluation. Outside the terminal the per-step work is a few additions, so timing barely disturbs what it measures.
/// </remarks>
internal sealed class TrainingMonitor : ITrainingObserver
{
    private readonly int _epochs;
    private readonly int _samplesPerEpoch;
    private readonly int _batchSize;
    private readonly Evaluator _testEvaluator;
    private readonly LabeledDataset _test;
    private readonly List<EpochRecord> _history = [];
    private long _epochStart;
    private long _trainingEnd;
    private double _lossSum;
    private ProgressTask? _task;
    private float[]? _best;
    private float _bestScore;

    public TrainingMonitor(int epochs, int samplesPerEpoch, int batchSize, Evaluator testEvaluator, LabeledDataset test)
    {
        _epochs = epochs;
        _samplesPerEpoch = samplesPerEpoch;
        _batchSize = batchSize;
        _testEvaluator = testEvaluator;
        _test = test;
    }

    /// <summary>The epochs run so far.</summary>
    public IReadOnlyList<EpochRecord> History => _history;

    /// <summary>Where each epoch's line goes: standard output, standard error under <c>--json</c>, or above the progress bar.</summary>
    public Action<string> WriteLine { get; set; } = _ => { };

    /// <summary>The live progress display, set only when standard output is a terminal.</summary>
    public ProgressContext? Progress { get; set; }

    /// <summary>The mean batch loss of the epoch so far, read by the progress bar's render thread.</summary>
    public double RunningLoss { get; private set; } = double.NaN;

    /// <summary>Training samples per second in the epoch so far, read by the progress bar's render thread.</summary>
    public double SamplesPerSecond { get; private set; }

    /// <summary>Marks the start of the first epoch; call it right before <see cref="Trainer.Fit"/>.</summary>
    public void Start() => _epochStart = Stopwatch.GetTimestamp();

    public void OnIteration(int epoch, int step, int stepsPerEpoch, float loss)
    {
        long now = Stopwatch.GetTimestamp();
        if (step == 1)
        {
            _lossSum = 0;
            _task = Progress?.AddTask(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}/{_epochs}"), maxValue: _samplesPerEpoch);
        }

        _lossSum += loss;
        RunningLoss = _lossSum / step;
        int samples = Math.Min(step * _batchSize, _samplesPerEpoch);
        SamplesPerSecond = samples / Stopwatch.GetElapsedTime(_epochStart, now).TotalSeconds;
        if (_task is not null)
        {
            _task.Value = samples;
        }

        if (step == stepsPerEpoch)
        {
            _trainingEnd = now;
        }
    }

    /// <summary>With <c>--restore-best</c>: the network whose weights at its best validation epoch are kept.</summary>
    public Networks.Network? KeepBestOf { get; init; }

    /// <summary>The epoch whose weights <see cref="RestoreBest"/> puts back (0 before any validated epoch).</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Puts back the weights of the best validation epoch; false when there was none to keep.</summary>
    public bool RestoreBest()
    {
        if (KeepBestOf is null || _best is null)
        {
            return false;
        }

        _best.CopyTo(KeepBestOf.Parameters.Values);
        return true;
    }

    public void OnEpochEnd(in EpochResult result)
    {
        _task?.StopTask();
        if (KeepBestOf is not null && !float.IsNaN(result.ValidationLoss))
        {
            // Higher accuracy wins for a classifier, lower loss for a regressor (whose accuracy is NaN).
            float score = float.IsNaN(result.ValidationAccuracy) ? -result.ValidationLoss : result.ValidationAccuracy;
            if (_best is null || score > _bestScore)
            {
                _best ??= new float[KeepBestOf.Parameters.Length];
                KeepBestOf.Parameters.Values.CopyTo(_best);
                _bestScore = score;
                BestEpoch = result.Epoch;
            }
        }

        Evaluation test = _testEvaluator.Evaluate(_test);
        long now = Stopwatch.GetTimestamp();
        double trainSeconds = Stopwatch.GetElapsedTime(_epochStart, _trainingEnd).TotalSeconds;
        bool validated = !float.IsNaN(result.ValidationAccuracy);
        var record = new EpochRecord(
            result.Epoch,
            result.TrainLoss,
            result.TrainAccuracy,
            validated ? result.ValidationLoss : null,
            validated ? result.ValidationAccuracy : null,
            test.Loss,
            test.Accuracy,
            trainSeconds,
            Stopwatch.GetElapsedTime(_trainingEnd, now).TotalSeconds,
            _samplesPerEpoch / trainSeconds,
            result.LearningRate);
        _history.Add(record);
        WriteLine(Describe(record));
        _epochStart = Stopwatch.GetTimestamp();
    }

    private string Describe(EpochRecord record)
    {
        int digits = _epochs.ToString(CultureInfo.InvariantCulture).Length;
        if (float.IsNaN(record.TestAccuracy))
        {
            // A regressor: losses (mean squared error on standardised targets) instead of accuracies.
            string validationLoss = record.ValidationLoss is float loss ? string.Create(CultureInfo.InvariantCulture, $"  val loss {loss:F4}") : string.Empty;
            return string.Create(
                CultureInfo.InvariantCulture,
                $"epoch {record.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(digits)}/{_epochs}  train loss {record.TrainLoss:F4}{validationLoss}  test loss {record.TestLoss:F4}  {record.TrainSeconds:F2} s  {record.SamplesPerSecond:N0} samples/s");
        }

        string validation = record.ValidationAccuracy is float accuracy
            ? string.Create(CultureInfo.InvariantCulture, $"  val acc {accuracy:P2}")
            : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {record.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(digits)}/{_epochs}  train loss {record.TrainLoss:F4}  train acc {record.TrainAccuracy:P2}{validation}  test acc {record.TestAccuracy:P2}  {record.TrainSeconds:F2} s  {record.SamplesPerSecond:N0} samples/s");
    }
}
