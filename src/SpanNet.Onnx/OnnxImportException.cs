using System;
using System.IO;

namespace SpanNet.Onnx;

/// <summary>
/// An ONNX model that <see cref="OnnxImporter"/> cannot import: not a valid ONNX file, or a graph outside what SpanNet
/// supports. The message names the model, the node (its name and operator) or tensor at fault, and what is supported.
/// </summary>
/// <remarks>
/// An <see cref="IOException"/>, like any other file that cannot be read as what it claims to be
/// (<see cref="InvalidDataException"/> is sealed, so it cannot be the base).
/// </remarks>
public sealed class OnnxImportException : IOException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public OnnxImportException()
        : base("The ONNX model cannot be imported.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What is wrong and what is supported.</param>
    public OnnxImportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the error that caused it.</summary>
    /// <param name="message">What is wrong and what is supported.</param>
    /// <param name="innerException">The parser's error.</param>
    public OnnxImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
