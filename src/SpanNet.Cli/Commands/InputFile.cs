using System.IO;

namespace SpanNet.Cli.Commands;

/// <summary>Checks that a path an option names is a file that exists, and says what it is when it is not.</summary>
internal static class InputFile
{
    /// <summary>Throws a <see cref="UserErrorException"/> unless <paramref name="path"/> is an existing file; <paramref name="missingHint"/> follows the message when it does not exist.</summary>
    public static void Require(string option, string path, string missingHint = "")
    {
        if (Directory.Exists(path))
        {
            throw new UserErrorException($"{option} '{path}' is a folder, not a file.");
        }

        if (!File.Exists(path))
        {
            throw new UserErrorException($"{option} '{path}' does not exist.{missingHint}");
        }
    }
}
