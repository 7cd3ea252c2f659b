namespace SpanNet.Kernels;

/// <summary>
/// A number of vectors known to the JIT: generic code branching on <see cref="Value"/> compiles to straight-line code
/// for each count, so one loop body serves every block width without a runtime branch inside the loop.
/// </summary>
internal interface IVectorCount
{
    static abstract int Value { get; }
}

/// <summary>0.</summary>
internal readonly struct Zero : IVectorCount { public static int Value => 0; }

/// <summary>1.</summary>
internal readonly struct One : IVectorCount { public static int Value => 1; }

/// <summary>2.</summary>
internal readonly struct Two : IVectorCount { public static int Value => 2; }

/// <summary>3.</summary>
internal readonly struct Three : IVectorCount { public static int Value => 3; }

/// <summary>4.</summary>
internal readonly struct Four : IVectorCount { public static int Value => 4; }

/// <summary>5.</summary>
internal readonly struct Five : IVectorCount { public static int Value => 5; }

/// <summary>6.</summary>
internal readonly struct Six : IVectorCount { public static int Value => 6; }

/// <summary>7.</summary>
internal readonly struct Seven : IVectorCount { public static int Value => 7; }

/// <summary>8.</summary>
internal readonly struct Eight : IVectorCount { public static int Value => 8; }
