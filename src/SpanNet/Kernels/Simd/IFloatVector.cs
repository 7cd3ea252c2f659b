namespace SpanNet.Kernels.Simd;

/// <summary>
/// One SIMD width as a type: <see cref="FloatVector512"/>, <see cref="FloatVector256"/>, <see cref="FloatVector128"/>
/// or <see cref="FloatScalar"/> (one lane). Kernels are written once as generic methods over this contract and the
/// JIT specializes them per width, so the scalar tail runs the same arithmetic as the vector body.
/// </summary>
/// <remarks>
/// <c>ISimdVector&lt;TSelf, T&gt;</c> would serve, but it is not public in .NET 10. Each implementation wraps a single
/// vector field and every member is aggressively inlined, so the wrapper costs nothing after inlining.
/// Masks are lanes with every bit set (true) or clear (false), as the hardware compares produce them.
/// </remarks>
internal interface IFloatVector<TSelf>
    where TSelf : struct, IFloatVector<TSelf>
{
    /// <summary>The number of float lanes.</summary>
    static abstract int Count { get; }

    /// <summary>Whether this width runs in hardware here; a JIT-time constant.</summary>
    static abstract bool IsHardwareAccelerated { get; }

    static abstract TSelf Zero { get; }

    static abstract TSelf One { get; }

    static abstract TSelf Create(float value);

    static abstract TSelf Load(ref readonly float source, nuint index);

    static abstract void Store(TSelf value, ref float destination, nuint index);

    static abstract TSelf operator +(TSelf left, TSelf right);

    static abstract TSelf operator -(TSelf left, TSelf right);

    static abstract TSelf operator *(TSelf left, TSelf right);

    static abstract TSelf operator /(TSelf left, TSelf right);

    static abstract TSelf operator -(TSelf value);

    /// <summary><c>a · b + c</c> with one rounding.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>
    /// <c>a · b + c</c> with one rounding, <paramref name="a"/> broadcast to every lane. The same bits as
    /// <see cref="MultiplyAdd"/> of <see cref="Create"/>(a); it exists for the JIT: a broadcast made inside this
    /// method stays a raw vector, and the GEMM micro-kernel then compiles to accumulate-in-place FMAs, where a wrapped
    /// broadcast cost a register copy per FMA.
    /// </summary>
    static abstract TSelf MultiplyAddScalar(float a, TSelf b, TSelf c);

    /// <summary>Lane-wise maximum; NaN in either lane gives NaN, as <see cref="System.MathF.Max(float, float)"/>.</summary>
    static abstract TSelf Max(TSelf left, TSelf right);

    /// <summary>Lane-wise minimum; NaN in either lane gives NaN.</summary>
    static abstract TSelf Min(TSelf left, TSelf right);

    static abstract TSelf Abs(TSelf value);

    static abstract TSelf Sqrt(TSelf value);

    /// <summary>Lane-wise maximum with the hardware's NaN rule (which operand wins is unspecified); cheaper than <see cref="Max"/>.</summary>
    static abstract TSelf MaxNative(TSelf left, TSelf right);

    /// <summary>Lane-wise minimum with the hardware's NaN rule; cheaper than <see cref="Min"/>.</summary>
    static abstract TSelf MinNative(TSelf left, TSelf right);

    /// <summary>A mask with lanes <paramref name="first"/> and above set: selects the new lanes of an overlapping last vector.</summary>
    static abstract TSelf LanesFrom(int first);

    /// <summary>Mask of lanes where <paramref name="left"/> &gt; <paramref name="right"/>.</summary>
    static abstract TSelf GreaterThan(TSelf left, TSelf right);

    /// <summary>Mask of lanes holding NaN.</summary>
    static abstract TSelf IsNaN(TSelf value);

    /// <summary>Per lane, <paramref name="whenTrue"/> where <paramref name="mask"/> is set, else <paramref name="whenFalse"/>.</summary>
    static abstract TSelf Select(TSelf mask, TSelf whenTrue, TSelf whenFalse);

    /// <summary>
    /// <c>2^n</c> for lanes holding whole numbers <c>n</c> in [−126, 127], built directly in the exponent field.
    /// </summary>
    static abstract TSelf PowerOfTwo(TSelf n);

    /// <summary>The magnitude of <paramref name="magnitude"/> with the sign bit of <paramref name="sign"/>.</summary>
    static abstract TSelf CopySign(TSelf magnitude, TSelf sign);

    /// <summary>One bit per lane, lane 0 in bit 0: set where the lane's sign bit is set (every set lane of a mask).</summary>
    static abstract uint LaneBits(TSelf mask);

    /// <summary>The sum of all lanes, in a fixed order.</summary>
    static abstract float Sum(TSelf value);

    /// <summary>The largest lane.</summary>
    static abstract float MaxAcross(TSelf value);

    /// <summary>One bit per lane, lane 0 in bit 0: set where the lane is not ±0 (NaN lanes are set).</summary>
    static abstract ulong NonZeroLanes(TSelf value);

    /// <summary>
    /// <see cref="Count"/> pairs of bfloat16 values from <paramref name="source"/>[<paramref name="index"/>…], each pair
    /// one 32-bit lane, widened to two vectors of float: <paramref name="low"/> gets each lane's first (low) value,
    /// <paramref name="high"/> its second (high). One load, a shift and an AND: no shuffle, whatever the width.
    /// </summary>
    static abstract void LoadBFloat16Pairs(ref readonly ushort source, nuint index, out TSelf low, out TSelf high);
}
