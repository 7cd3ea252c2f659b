using System;

namespace SpanNet.Cli.Serving;

/// <summary>A request the server refuses, with the HTTP status to answer and a message naming what was wrong.</summary>
internal sealed class BadRequestException : Exception
{
    public BadRequestException(int statusCode, string message)
        : base(message) => StatusCode = statusCode;

    public BadRequestException()
    {
    }

    public BadRequestException(string message)
        : base(message)
    {
    }

    public BadRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>400, 413 or 415.</summary>
    public int StatusCode { get; } = 400;
}
