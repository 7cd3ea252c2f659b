using System.IO;

namespace SpanNet.Cli;

/// <summary>Where a command writes: results to <see cref="Out"/>, diagnostics and errors to <see cref="Error"/>.</summary>
/// <param name="Out">Standard output: results, and the one JSON object under <c>--json</c>.</param>
/// <param name="Error">Standard error: logs, warnings and the one-line error message.</param>
/// <param name="OutIsTerminal">Whether <see cref="Out"/> is an interactive terminal, the only case that gets a live progress bar.</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool OutIsTerminal);
