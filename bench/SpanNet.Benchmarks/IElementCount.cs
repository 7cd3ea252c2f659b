namespace SpanNet.Benchmarks;

/// <summary>A benchmark parameter that knows how many elements one invocation processes.</summary>
public interface IElementCount
{
    long Elements { get; }
}
