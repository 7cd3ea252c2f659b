using System;

namespace SpanNet.Cli;

/// <summary>
/// A mistake the user can fix (a bad option value, a file of the wrong kind): reported as one line on standard error,
/// never with a stack trace.
/// </summary>
internal sealed class UserErrorException : Exception
{
    public UserErrorException(string message)
        : base(message)
    {
    }

    public UserErrorException()
    {
    }

    public UserErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
