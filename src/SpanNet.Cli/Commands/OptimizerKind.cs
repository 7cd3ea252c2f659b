namespace SpanNet.Cli.Commands;

/// <summary>The update rules <c>spannet train --optimizer</c> offers, one per class in <c>SpanNet.Training.Optimizers</c>.</summary>
internal enum OptimizerKind
{
    Sgd,
    Momentum,
    Adagrad,
    RmsProp,
    Adam,
}
