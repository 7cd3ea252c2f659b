using Xunit;

namespace SpanNet.Tests.Kernels;

/// <summary>Allocation tests run one at a time, never beside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "Allocation";
}
