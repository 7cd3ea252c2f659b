using System;
using System.Runtime.CompilerServices;

namespace SpanNet;

/// <summary>
/// Argument checks for public entry points. Each check runs once at the boundary, before anything is written.
/// </summary>
internal static class Guard
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NonNegative(int value, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        if (value < 0)
        {
            ThrowHelper.ArgumentOutOfRange(name, $"{name} must be non-negative; it was {value}.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Positive(int value, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        if (value <= 0)
        {
            ThrowHelper.ArgumentOutOfRange(name, $"{name} must be positive; it was {value}.");
        }
    }

    /// <summary>Requires <paramref name="length"/> to equal <paramref name="expected"/> exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Length(int length, long expected, string name)
    {
        if (length != expected)
        {
            ThrowHelper.LengthMismatch(name, expected, length);
        }
    }

    /// <summary>Requires <paramref name="length"/> to be at least <paramref name="required"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AtLeast(int length, long required, string name)
    {
        if (length < required)
        {
            ThrowHelper.DestinationTooShort(name, required, length);
        }
    }

    /// <summary>Requires <paramref name="destination"/> to be exactly <paramref name="source"/> (in place) or not to overlap it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InPlaceOrDisjoint(ReadOnlySpan<float> source, ReadOnlySpan<float> destination, string name)
    {
        if (source.Overlaps(destination, out int offset) && offset != 0)
        {
            ThrowHelper.Argument(name, $"{name} partially overlaps an input (offset {offset}); it must be the same span or not overlap at all.");
        }
    }

    /// <summary>Requires a finite, positive hyperparameter such as a learning rate or epsilon.</summary>
    public static void FinitePositive(float value, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        if (!float.IsFinite(value) || value <= 0f)
        {
            ThrowHelper.ArgumentOutOfRange(name, $"{name} must be finite and positive; it was {value}.");
        }
    }

    /// <summary>Requires a finite hyperparameter in [0, 1).</summary>
    public static void UnitInterval(float value, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        if (!(value >= 0f && value < 1f))
        {
            ThrowHelper.ArgumentOutOfRange(name, $"{name} must be in [0, 1); it was {value}.");
        }
    }

    /// <summary>Requires a finite scalar.</summary>
    public static void Finite(float value, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        if (!float.IsFinite(value))
        {
            ThrowHelper.ArgumentOutOfRange(name, $"{name} must be finite; it was {value}.");
        }
    }

    /// <summary>Requires <c>rows · cols</c> to fit in an <see cref="int"/> span length.</summary>
    public static long Product(int rows, int cols, string name)
    {
        long product = (long)rows * cols;
        if (product > int.MaxValue)
        {
            ThrowHelper.ArgumentOutOfRange(name, $"{name}: {rows} × {cols} elements exceed the largest span.");
        }

        return product;
    }
}
