using System;
using SpanNet.Tests.Cli;
using SpanNet.Threading;
using Xunit;

namespace SpanNet.Tests.Threading;

/// <summary>A bad <c>SPANNET_NUM_THREADS</c> is one line and a usage exit from the CLI, before any command runs.</summary>
[Collection(ThreadCountCollection.Name)]
public class ThreadSettingCliTests
{
    [Theory]
    [InlineData("zero")]
    [InlineData("0")]
    [InlineData("1000")]
    public void A_bad_thread_setting_is_one_line_and_exit_2(string value)
    {
        // The pool exists already, so no other code in this process reads the variable while it is bad.
        _ = Parallelism.ThreadCount;
        string? before = Environment.GetEnvironmentVariable(Parallelism.EnvironmentVariable);
        Environment.SetEnvironmentVariable(Parallelism.EnvironmentVariable, value);
        try
        {
            CliRun run = CliRun.Of("info");
            Assert.Equal(2, run.ExitCode);
            Assert.Equal(string.Empty, run.Out);
            string line = Assert.Single(run.ErrorLines);
            Assert.Equal($"spannet: SPANNET_NUM_THREADS is '{value}'; it must be a whole number of threads from 1 to 256, or unset for all cores.", line);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Parallelism.EnvironmentVariable, before);
        }
    }
}
