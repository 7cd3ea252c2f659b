namespace SpanNet.Cli;

/// <summary>The process exit codes of <c>spannet</c>.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran but failed: a missing or corrupt file, data that cannot be used.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong: an unknown option, a bad value, a missing required option.</summary>
    public const int Usage = 2;
}
