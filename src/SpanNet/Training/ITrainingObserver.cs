namespace SpanNet.Training;

/// <summary>Hears about training as it goes; the CLI draws its progress bar from this. Calls come on the training thread.</summary>
public interface ITrainingObserver
{
    /// <summary>After each step: the epoch (1-based), the step within it, the steps per epoch and the batch's loss.</summary>
    void OnIteration(int epoch, int step, int stepsPerEpoch, float loss);

    /// <summary>After each epoch.</summary>
    void OnEpochEnd(in EpochResult result);
}
