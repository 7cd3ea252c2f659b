using System;
using System.IO;
using SpanNet.Data;
using SpanNet.Tests.Data;
using SpanNet.Tests.IO;
using Xunit;

namespace SpanNet.Tests.Cli;

/// <summary>User mistakes end with one line on standard error, nothing on standard output, no stack trace, and a non-zero exit code.</summary>
public class CliErrorTests
{
    [Theory]
    [InlineData("train", "--bogus")]
    [InlineData("train", "--epochs", "x")]
    [InlineData("train", "--epochs", "0")]
    [InlineData("train", "--lr", "-0.1")]
    [InlineData("train", "--layers", "784-100-9")]
    [InlineData("train", "--layers", "784-abc-10")]
    [InlineData("train", "--layers", "100-10")]
    [InlineData("train", "--activation", "swish")]
    [InlineData("train", "--dropout", "1")]
    [InlineData("train", "--dropout", "-0.1")]
    [InlineData("train", "--init", "x.onnx", "--batch-norm")]
    [InlineData("train", "--optimizer", "adam", "--momentum", "0.5")]
    [InlineData("train", "--early-stopping", "2")]
    [InlineData("train", "--validation-split", "1")]
    [InlineData("train", "--optimizer", "bogus")]
    [InlineData("train", "--optimizer", "")]
    [InlineData("train", "--optimizer", "bogus", "--beta1", "0.5")]
    [InlineData("train", "--early-stopping", "abc")]
    [InlineData("train", "--early-stopping", "-1")]
    [InlineData("train", "--early-stopping", "3", "--validation-split", "abc")]
    [InlineData("train", "--early-stopping", "3", "--validation-split", "-0.5")]
    [InlineData("train", "--out", "")]
    [InlineData("train", "--mnist-dir", "")]
    [InlineData("train", "--layers", "")]
    [InlineData("train", "--activation", "")]
    [InlineData("train", "--decay-every", "x", "--optimizer", "adam")]
    [InlineData("train", "--batch", "99999999999")]
    [InlineData("eval", "--model", "")]
    [InlineData("eval", "--model", "m.model", "--mnist-dir", "")]
    [InlineData("predict", "--model", "", "--images", "x")]
    [InlineData("predict", "--model", "m.model", "--images", "")]
    [InlineData("predict", "--model", "m.model", "--images", "x", "--labels", "")]
    [InlineData("predict", "--model", "m.model", "--images", "x", "--index", "x")]
    [InlineData("predict", "--model", "m.model", "--images", "x", "--invert", "")]
    [InlineData("export", "--model", "", "--onnx", "x.onnx")]
    [InlineData("export", "--model", "m.model", "--onnx", "")]
    [InlineData("eval")]
    [InlineData("predict", "--model", "m.model")]
    [InlineData("predict", "--model", "m.model", "--images", "x", "--count", "0")]
    [InlineData("frobnicate")]
    [InlineData]
    public void A_bad_command_line_is_one_line_on_stderr_and_exit_code_2(params string[] args)
    {
        CliRun run = CliRun.Of(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Empty(run.Out);
        Assert.Single(run.ErrorLines);
        Assert.StartsWith("spannet", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_is_one_line_and_exit_code_1()
    {
        using var directory = new TempDirectory();
        CliRun run = CliRun.Of("eval", "--model", directory.Combine("missing.model"), "--mnist-dir", directory.Path);

        AssertOneLineFailure(run, "does not exist");
    }

    [Fact]
    public void A_corrupt_model_is_one_line_and_exit_code_1()
    {
        using var directory = new TempDirectory();
        string model = directory.Combine("corrupt.model");
        File.WriteAllBytes(model, [.. "SPNN"u8, 1, 0, 0, 0, 0x10, 0x03, 0, 0, 2, 0, 0, 0, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42]);

        CliRun run = CliRun.Of("predict", "--model", model, "--images", model);

        AssertOneLineFailure(run, "corrupt.model");
    }

    [Fact]
    public void A_missing_mnist_folder_is_one_line_and_exit_code_1()
    {
        using var directory = new TempDirectory();
        CliRun run = CliRun.Of("train", "--mnist-dir", directory.Combine("nowhere"), "--out", directory.Combine("m.model"));

        AssertOneLineFailure(run, "is not a folder");
    }

    [Fact]
    public void An_mnist_folder_without_the_files_is_one_line_and_exit_code_1()
    {
        using var directory = new TempDirectory();
        CliRun run = CliRun.Of("train", "--mnist-dir", directory.Path, "--out", directory.Combine("m.model"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("train-images-idx3-ubyte", run.ErrorLines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_folder_that_does_not_exist_fails_before_training()
    {
        using var directory = new TempDirectory();
        CliRun run = CliRun.Of("train", "--out", directory.Combine(Path.Combine("no", "such", "m.model")));

        AssertOneLineFailure(run, "does not exist");
    }

    [Fact]
    public void Predict_rejects_a_file_that_is_no_image()
    {
        using var directory = new TempDirectory();
        using var fixture = new TrainedModelFixture();
        string text = directory.Combine("notes.txt");
        File.WriteAllText(text, "not a digit");

        CliRun run = CliRun.Of("predict", "--model", fixture.ModelPath, "--images", text);

        AssertOneLineFailure(run, "neither an IDX image file");
    }

    [Fact]
    public void Predict_rejects_an_index_past_the_end_and_idx_options_on_a_picture()
    {
        using var fixture = new TrainedModelFixture();
        string images = Path.Combine(fixture.DataDirectory, MnistDataset.TestImagesFileName);
        string png = fixture.Combine("blank.png");
        File.WriteAllBytes(png, PngWriter.Gray(28, 28, new byte[784]));

        AssertOneLineFailure(CliRun.Of("predict", "--model", fixture.ModelPath, "--images", images, "--index", "100"), "holds 100 images");
        AssertOneLineFailure(CliRun.Of("predict", "--model", fixture.ModelPath, "--images", png, "--count", "2"), "--count applies to IDX");
    }

    [Fact]
    public void A_folder_given_as_a_file_is_reported_as_a_folder()
    {
        using var fixture = new TrainedModelFixture();
        string folder = fixture.DataDirectory;
        string images = Path.Combine(fixture.DataDirectory, MnistDataset.TestImagesFileName);

        AssertOneLineFailure(CliRun.Of("eval", "--model", folder, "--mnist-dir", folder), "is a folder");
        AssertOneLineFailure(CliRun.Of("export", "--model", folder, "--onnx", fixture.Combine("x.onnx")), "is a folder");
        AssertOneLineFailure(CliRun.Of("predict", "--model", folder, "--images", images), "is a folder");
        AssertOneLineFailure(CliRun.Of("predict", "--model", fixture.ModelPath, "--images", folder), "is a folder");
        AssertOneLineFailure(CliRun.Of("predict", "--model", fixture.ModelPath, "--images", images, "--labels", folder), "is a folder");
    }

    [Fact]
    public void A_validation_split_is_echoed_as_typed()
    {
        using var directory = new TempDirectory();
        TinyMnist.WriteTo(directory.Path);
        CliRun run = CliRun.Of("train", "--mnist-dir", directory.Path, "--validation-split", "0.99", "--out", directory.Combine("m.model"));

        // The log line saying where MNIST was read from comes first; the error is the last line.
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("spannet: --validation-split 0.99 leaves no training image", run.ErrorLines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    private static void AssertOneLineFailure(CliRun run, string expected)
    {
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Empty(run.Out);
        Assert.Single(run.ErrorLines);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }
}
