using Xunit;

namespace SpanNet.Tests.Threading;

/// <summary>
/// Tests that set <see cref="SpanNet.Threading.Parallelism.ThreadCount"/> run one at a time, so the count a test set
/// is the count its calls ran at.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadCountCollection
{
    public const string Name = "ThreadCount";
}
