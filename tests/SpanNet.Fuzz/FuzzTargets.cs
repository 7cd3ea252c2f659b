using System;
using System.IO;
using System.Linq;
using SpanNet.Cli.Images;
using SpanNet.IO;
using SpanNet.Networks;
using SpanNet.Onnx;
using SpanNet.Tests.Fuzz;
using SpanNet.Tests.IO;

namespace SpanNet.Fuzz;

/// <summary>
/// Every reader the test suite fuzzes, held to the same contract (docs/HOSTILE-INPUT.md): an input loads, and then
/// runs, or it is rejected with the reader's documented exception.
/// </summary>
internal static class FuzzTargets
{
    public static readonly FuzzTarget[] All =
    [
        new("model", "model files; the SHA-256 is recomputed, so mutations reach the field checks", Model, FuzzSeeds.ModelFiles),
        new("idx-images", "IDX image files, raw or gzip", bytes => Idx(bytes, images: true), () => [FuzzSeeds.IdxImages(), IdxWriter.Gzip(FuzzSeeds.IdxImages())]),
        new("idx-labels", "IDX label files, raw or gzip", bytes => Idx(bytes, images: false), () => [FuzzSeeds.IdxLabels(), IdxWriter.Gzip(FuzzSeeds.IdxLabels())]),
        new("png", "PNG digits (decode and prepare); chunk CRCs are recomputed", Png, FuzzSeeds.Pngs),
        new("pgm", "PGM digits, P5 and P2 (decode and prepare)", Pgm, FuzzSeeds.Pgms),
        new("onnx", "ONNX models (import and predict)", Onnx, OnnxSeeds),
        new("csv", "CSV/TSV tables (load, fit, encode)", bytes => Table(bytes, ".csv"), TableExercise.CsvSeeds),
        new("parquet", "Parquet tables (load, fit, encode)", bytes => Table(bytes, ".parquet"), () => [TableExercise.ParquetSeed()]),
        new("table-schema", "stored table preprocessings (parse, re-serialise)", TableSchema, TableExercise.SchemaSeeds),
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(target => target.Name == name);

    private static void Model(byte[] bytes)
    {
        FuzzSeeds.RepairModelChecksum(bytes);
        try
        {
            ModelFile.Deserialize(bytes, "fuzz.model").Dispose();
        }
        catch (InvalidDataException)
        {
            LoadedModelExercise.AssertRejectedForInference(bytes, "fuzz.model");
            return;
        }

        // Accepted: it must re-save byte for byte, forward, predict, export, train and load for inference.
        LoadedModelExercise.Run(bytes, "fuzz.model", compareInference: false);
    }

    private static void Idx(byte[] bytes, bool images)
    {
        // The IDX entry points read files; tmpfs keeps that cheap, and the process id keeps parallel fuzzers apart.
        string path = Path.Combine(Path.GetTempPath(), $"spannet-fuzz-{Environment.ProcessId}.idx");
        File.WriteAllBytes(path, bytes);
        try
        {
            if (images)
            {
                IdxReader.ReadImages(path);
            }
            else
            {
                IdxReader.ReadLabels(path);
            }
        }
        catch (InvalidDataException)
        {
        }
    }

    private static void Png(byte[] bytes)
    {
        FuzzSeeds.RepairPngChunkCrcs(bytes);
        try
        {
            DigitPreparation.Prepare(PngDecoder.Decode(bytes, "fuzz.png"), InvertMode.Auto);
        }
        catch (InvalidDataException)
        {
        }
    }

    private static void Pgm(byte[] bytes)
    {
        try
        {
            DigitPreparation.Prepare(PgmDecoder.Decode(bytes, "fuzz.pgm"), InvertMode.Auto);
        }
        catch (InvalidDataException)
        {
        }
    }

    private static void Onnx(byte[] bytes)
    {
        Network network;
        try
        {
            network = OnnxImporter.Import(new MemoryStream(bytes));
        }
        catch (OnnxImportException)
        {
            return;
        }

        using (network)
        {
            LoadedModelExercise.Predict(network);
        }
    }

    private static void Table(byte[] bytes, string extension)
    {
        string path = Path.Combine(Path.GetTempPath(), $"spannet-fuzz-{Environment.ProcessId}{extension}");
        File.WriteAllBytes(path, bytes);
        try
        {
            TableExercise.Run(path);
        }
        catch (InvalidDataException)
        {
        }
    }

    private static void TableSchema(byte[] bytes)
    {
        try
        {
            TableExercise.RunSchema(bytes);
        }
        catch (InvalidDataException)
        {
        }
    }

    private static byte[][] OnnxSeeds() =>
        FuzzSeeds.OnnxFixtures.Concat(FuzzSeeds.OnnxLayerFixtures).Select(name => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "seeds", "onnx", name + ".onnx"))).ToArray();
}
