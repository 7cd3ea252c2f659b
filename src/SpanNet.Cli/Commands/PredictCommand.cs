using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using SpanNet.Cli.Images;
using SpanNet.Cli.Reports;
using SpanNet.Data;
using SpanNet.Data.Tables;
using SpanNet.Inference;
using SpanNet.IO;
using SpanNet.Kernels;

namespace SpanNet.Cli.Commands;

/// <summary><c>spannet predict</c>: classifies images from an IDX file, or one PNG or PGM picture, and prints class probabilities.</summary>
internal sealed class PredictCommand
{
    /// <summary>Characters of the longest probability bar.</summary>
    private const int BarWidth = 40;

    private static readonly NamedChoice<InvertMode> InvertNames = new(
        new KeyValuePair<string, InvertMode>("auto", InvertMode.Auto),
        new KeyValuePair<string, InvertMode>("always", InvertMode.Always),
        new KeyValuePair<string, InvertMode>("never", InvertMode.Never));

    private readonly CliConsole _console;
    private readonly Option<string> _model = SharedOptions.Model("The model file to classify with");

    private readonly Option<string> _images = new("--images", "--image")
    {
        Description = "An IDX image file (raw or .gz, e.g. t10k-images-idx3-ubyte), or a PNG or PGM (P2/P5) picture of one digit; the format is read from the content",
        HelpName = "FILE",
        Validators = { SharedOptions.RejectEmptyPath },
    };

    private readonly Option<string?> _data = new("--data")
    {
        Description = "A table (CSV, TSV or Parquet) to predict row by row with a model trained by 'train --data'; columns are matched by name, in any order",
        HelpName = "FILE",
        Validators = { SharedOptions.RejectEmptyPath },
    };

    private readonly Option<string?> _out = new("--out")
    {
        Description = "With --data: write the predictions to this CSV file instead of standard output",
        HelpName = "FILE",
        Validators = { SharedOptions.RejectEmptyPath },
    };

    private readonly Option<string?> _id = new("--id")
    {
        Description = "With --data: a column copied into each prediction row (e.g. a customer id)",
        HelpName = "COL",
    };

    private readonly Option<int?> _index = NumericOptions.OptionalInteger("--index", "IDX only: classify the image at this 0-based index [default: 0]", minimum: 0);

    private readonly Option<int?> _count = NumericOptions.OptionalInteger(
        "--count", "IDX only: classify this many images from --index on (a table, one row each) [default: 1]", minimum: 1);

    private readonly Option<string?> _labels = new("--labels")
    {
        Description = "IDX only: the matching IDX label file, to show the true digit and count the correct ones",
        HelpName = "FILE",
        Validators = { SharedOptions.RejectEmptyPath },
    };

    private readonly Option<InvertMode?> _invert = InvertNames.CreateOption(
        "--invert",
        "PNG/PGM only: flip brightness to MNIST's light digit on dark ground; auto flips when the border is light",
        InvertMode.Auto);

    private readonly Option<bool> _json = SharedOptions.Json("each image's predicted class and probabilities");

    private PredictCommand(CliConsole console)
    {
        _console = console;
        Command = new Command("predict", "Classify MNIST-style images, or predict every row of a table (--data), with a saved model")
        {
            _model, _images, _index, _count, _labels, _invert, _json, _data, _out, _id,
        };
        Command.Validators.Add(result =>
        {
            bool images = result.GetResult(_images) is { Implicit: false };
            bool table = result.GetResult(_data) is { Implicit: false };
            if (images == table)
            {
                result.AddError("Give --images FILE (MNIST-style images) or --data FILE (a table), one of the two.");
            }

            foreach (Option option in table ? (Option[])[_index, _count, _labels, _invert, _json] : [_out, _id])
            {
                if (result.GetResult(option) is { Implicit: false })
                {
                    result.AddError(table ? $"{option.Name} applies to --images." : $"{option.Name} applies to --data.");
                }
            }
        });
        Command.SetAction(Run);
    }

    private Command Command { get; }

    public static Command Create(CliConsole console) => new PredictCommand(console).Command;

    private int Run(ParseResult parsed)
    {
        string modelPath = Path.GetFullPath(parsed.GetRequiredValue(_model));
        if (parsed.GetValue(_data) is { } tablePath)
        {
            return PredictTable(modelPath, Path.GetFullPath(tablePath), parsed.GetValue(_out) is { } outPath ? Path.GetFullPath(outPath) : null, parsed.GetValue(_id));
        }

        string imagePath = Path.GetFullPath(parsed.GetRequiredValue(_images));
        InferenceModel model = ModelLoader.LoadMnistInferenceModel(modelPath);
        using InferenceSession session = model.CreateSession();
        InputFile.Require("--images", imagePath);

        byte[] head = new byte[8];
        using (FileStream file = File.OpenRead(imagePath))
        {
            head = head[..file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        }

        bool picture = PngDecoder.HasSignature(head) || PgmDecoder.HasSignature(head);
        if (picture)
        {
            foreach (Option option in (Option[])[_index, _count, _labels])
            {
                if (parsed.WasGiven(option))
                {
                    throw new UserErrorException($"{option.Name} applies to IDX image files; '{imagePath}' is a single picture.");
                }
            }

            return ClassifyPicture(session, modelPath, imagePath, parsed.GetValue(_invert) ?? InvertMode.Auto, parsed.GetValue(_json));
        }

        if (!IsIdx(head))
        {
            throw new UserErrorException($"--images '{imagePath}' is neither an IDX image file (raw or gzip), a PNG nor a PGM (P2/P5).");
        }

        return ClassifyIdx(session, modelPath, imagePath, parsed);
    }

    /// <summary>
    /// One CSV row per input row: the id column when asked for, the predicted class or value, and for a classifier
    /// the probability of every class (columns named <c>p(class)</c>).
    /// </summary>
    private int PredictTable(string modelPath, string tablePath, string? outPath, string? idColumn)
    {
        TabularModel tabular = ModelLoader.LoadTabular(modelPath);
        InputFile.Require("--data", tablePath);
        TablePreprocessing preprocessing = tabular.Preprocessing;
        TableData rows = TableReader.LoadForModel(tablePath, preprocessing, withLabels: false, idColumn);
        if (rows.UnseenCategories > 0)
        {
            _console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warning: {rows.UnseenCategories} cells hold a category (or a missing value) the training rows never had; they are encoded as all zeros"));
        }

        float[] features = preprocessing.EncodeFeatures(rows);
        int outputs = preprocessing.Task == TableTask.Classification ? preprocessing.OutputCount : 1;
        float[] predictions = new float[(long)rows.Rows * outputs];
        if (rows.Rows > 0)
        {
            tabular.Predict(features, predictions, rows.Rows);
        }

        using TextWriter writer = outPath is null ? TextWriter.Null : new StreamWriter(outPath, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        TextWriter output = outPath is null ? _console.Out : writer;
        var line = new StringBuilder();
        if (idColumn is not null)
        {
            line.Append(CsvField(idColumn)).Append(',');
        }

        line.Append(CsvField(preprocessing.LabelName));
        for (int c = 0; c < preprocessing.ClassNames.Count && outputs > 1; c++)
        {
            line.Append(',').Append(CsvField($"p({preprocessing.ClassNames[c]})"));
        }

        output.WriteLine(line.ToString());
        int[] classes = new int[outputs > 1 ? rows.Rows : 0];
        if (outputs > 1 && rows.Rows > 0)
        {
            Reductions.ArgMaxRows(predictions, classes, rows.Rows, outputs);
        }

        for (int r = 0; r < rows.Rows; r++)
        {
            line.Clear();
            if (rows.Ids is { } ids)
            {
                line.Append(CsvField(ids[r])).Append(',');
            }

            if (outputs == 1)
            {
                line.Append(predictions[r].ToString("R", CultureInfo.InvariantCulture));
            }
            else
            {
                line.Append(CsvField(preprocessing.ClassNames[classes[r]]));
                for (int c = 0; c < outputs; c++)
                {
                    line.Append(',').Append(predictions[(r * outputs) + c].ToString("G6", CultureInfo.InvariantCulture));
                }
            }

            output.WriteLine(line.ToString());
        }

        if (outPath is not null)
        {
            _console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows.Rows:N0} predictions written to {outPath}"));
        }

        return ExitCodes.Success;
    }

    /// <summary>A CSV field, quoted (inner quotes doubled) when it holds a comma, a quote or a line break.</summary>
    private static string CsvField(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    private int ClassifyPicture(InferenceSession session, string modelPath, string path, InvertMode invert, bool json)
    {
        byte[] bytes = File.ReadAllBytes(path);
        GrayImage image = PngDecoder.HasSignature(bytes) ? PngDecoder.Decode(bytes, path) : PgmDecoder.Decode(bytes, path);
        PreparedDigit digit = DigitPreparation.Prepare(image, invert);
        float[] probabilities = new float[MnistDataset.Classes];
        session.Predict(digit.Pixels, probabilities);
        ClassProbabilities.FromPredictions(session.Model, probabilities, 1);
        var prediction = new PredictionReport(0, Classes(probabilities, 1)[0], null, probabilities);
        if (json)
        {
            WriteJson(modelPath, path, [prediction]);
            return ExitCodes.Success;
        }

        var notes = new List<string> { image.Format, string.Create(CultureInfo.InvariantCulture, $"{image.Width} × {image.Height}") };
        if (digit.Resized)
        {
            notes.Add("resized to 28 × 28");
        }

        if (digit.Inverted)
        {
            notes.Add("inverted to a light digit on a dark ground");
        }

        _console.Out.WriteLine($"model {modelPath}");
        _console.Out.WriteLine($"image '{path}' ({string.Join(", ", notes)})");
        WriteDetailed(prediction);
        return ExitCodes.Success;
    }

    private int ClassifyIdx(InferenceSession session, string modelPath, string path, ParseResult parsed)
    {
        IdxImages images = IdxReader.ReadImages(path);
        if (images.PixelsPerImage != MnistDataset.PixelsPerImage)
        {
            throw new UserErrorException($"'{path}' holds {images.Rows} × {images.Columns} images; the model reads {MnistDataset.ImageRows} × {MnistDataset.ImageColumns}.");
        }

        int first = parsed.GetValue(_index) ?? 0;
        int count = parsed.GetValue(_count) ?? 1;
        if (first >= images.Count || count > images.Count - first)
        {
            throw new UserErrorException(string.Create(
                CultureInfo.InvariantCulture,
                $"'{path}' holds {images.Count} images (indices 0 to {images.Count - 1}); images {first} to {(long)first + count - 1} were asked for."));
        }

        int[]? labels = null;
        if (parsed.GetValue(_labels) is string labelPath)
        {
            InputFile.Require("--labels", labelPath);
            labels = IdxReader.ReadLabels(labelPath);
            if (labels.Length != images.Count)
            {
                throw new UserErrorException($"--labels '{labelPath}' holds {labels.Length} labels for the {images.Count} images of '{path}'.");
            }
        }

        var predictions = new List<PredictionReport>(count);
        float[] probabilities = new float[count * MnistDataset.Classes];
        session.Predict(images.Pixels.AsSpan(first * images.PixelsPerImage, count * images.PixelsPerImage), probabilities, count);
        ClassProbabilities.FromPredictions(session.Model, probabilities, count);
        int[] predicted = Classes(probabilities, count);
        for (int i = 0; i < count; i++)
        {
            float[] row = probabilities.AsSpan(i * MnistDataset.Classes, MnistDataset.Classes).ToArray();
            predictions.Add(new PredictionReport(first + i, predicted[i], labels?[first + i], row));
        }

        if (parsed.GetValue(_json))
        {
            WriteJson(modelPath, path, predictions);
            return ExitCodes.Success;
        }

        _console.Out.WriteLine($"model {modelPath}");
        if (count == 1)
        {
            string label = labels is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", label {labels[first]}");
            _console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"image {first} of '{path}'{label}"));
            WriteDetailed(predictions[0]);
        }
        else
        {
            WriteTable(predictions, labels is not null);
        }

        return ExitCodes.Success;
    }

    private void WriteDetailed(PredictionReport prediction)
    {
        TextWriter output = _console.Out;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"predicted {prediction.Predicted} with probability {prediction.Probabilities[prediction.Predicted]:P2}"));
        output.WriteLine();
        output.WriteLine("class  probability");
        for (int c = 0; c < prediction.Probabilities.Count; c++)
        {
            float p = prediction.Probabilities[c];
            string bar = new('█', (int)Math.Round(p * BarWidth));
            string marker = c == prediction.Predicted ? " ◀" : string.Empty;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c,5}  {p,10:P2}  {bar}{marker}").TrimEnd());
        }
    }

    private void WriteTable(List<PredictionReport> predictions, bool labelled)
    {
        TextWriter output = _console.Out;
        var header = new StringBuilder(labelled ? "image  label  predicted    confidence │" : "image  predicted  confidence │");
        for (int c = 0; c < MnistDataset.Classes; c++)
        {
            header.Append(CultureInfo.InvariantCulture, $"{c,6}");
        }

        output.WriteLine(header.Append("   ← probability of each class, %").ToString());
        int correct = 0;
        foreach (PredictionReport prediction in predictions)
        {
            string confidence = prediction.Probabilities[prediction.Predicted].ToString("P1", CultureInfo.InvariantCulture);
            var row = new StringBuilder();
            if (labelled)
            {
                bool right = prediction.Label == prediction.Predicted;
                correct += right ? 1 : 0;
                row.Append(CultureInfo.InvariantCulture, $"{prediction.Index,5}  {prediction.Label,5}  {prediction.Predicted,9}{(right ? "  " : " ✗")}  {confidence,10} │");
            }
            else
            {
                row.Append(CultureInfo.InvariantCulture, $"{prediction.Index,5}  {prediction.Predicted,9}  {confidence,10} │");
            }

            foreach (float p in prediction.Probabilities)
            {
                row.Append(CultureInfo.InvariantCulture, $"{p * 100,6:F1}");
            }

            output.WriteLine(row.ToString());
        }

        if (labelled)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{correct} of {predictions.Count} correct ({(double)correct / predictions.Count:P2})"));
        }
    }

    private void WriteJson(string modelPath, string source, IReadOnlyList<PredictionReport> predictions) =>
        _console.Out.WriteLine(JsonSerializer.Serialize(new PredictReport(modelPath, source, predictions), CliJsonContext.Default.PredictReport));

    private static bool IsIdx(ReadOnlySpan<byte> head) =>
        (head.Length >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0x08 && head[3] == 3) || (head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B);

    /// <summary>The class of each of <paramref name="rows"/> rows of probabilities, as <see cref="InferenceSession.Classify"/> picks it.</summary>
    private static int[] Classes(float[] probabilities, int rows)
    {
        int[] classes = new int[rows];
        Reductions.ArgMaxRows(probabilities, classes, rows, MnistDataset.Classes);
        return classes;
    }
}
