using System;
using System.Diagnostics.CodeAnalysis;

namespace SpanNet;

/// <summary>
/// Throw sites kept out of hot methods so the JIT can inline the callers and keep their bodies small.
/// </summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Argument(string parameterName, string message) =>
        throw new ArgumentException(message, parameterName);

    [DoesNotReturn]
    public static void ArgumentOutOfRange(string parameterName, string message) =>
        throw new ArgumentOutOfRangeException(parameterName, message);

    [DoesNotReturn]
    public static void InvalidOperation(string message) =>
        throw new InvalidOperationException(message);

    [DoesNotReturn]
    public static void ObjectDisposed(string typeName) =>
        throw new ObjectDisposedException(typeName);

    [DoesNotReturn]
    public static void LengthMismatch(string parameterName, long expected, long actual) =>
        throw new ArgumentException($"{parameterName} has length {actual}; the shapes given require {expected}.", parameterName);

    [DoesNotReturn]
    public static void DestinationTooShort(string parameterName, long required, long actual) =>
        throw new ArgumentException($"{parameterName} has length {actual}; it must hold at least {required} elements.", parameterName);
}
