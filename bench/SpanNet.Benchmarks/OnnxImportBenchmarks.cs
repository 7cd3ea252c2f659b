using System;
using System.Buffers.Binary;
using System.IO;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using SpanNet.IO;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Onnx;
using SpanNet.Onnx.Protobuf;

namespace SpanNet.Benchmarks;

/// <summary>
/// Importing a 784-256-128-10 ONNX model (235,146 parameters, 0.94 MB of float32) from memory: initializers in
/// <c>raw_data</c> as PyTorch writes them, and in <c>float_data</c> as SpanNet's exporter and tf2onnx do, beside
/// loading the same network from SpanNet's own model file. Allocated bytes should be a small multiple of the model size.
/// </summary>
[MemoryDiagnoser]
public class OnnxImportBenchmarks
{
    private byte[] _rawData = [];
    private byte[] _floatData = [];
    private byte[] _modelFile = [];

    [GlobalSetup]
    public void Setup()
    {
        using Network network = new NetworkBuilder(784).Dense(256, Activation.Relu).Dense(128, Activation.Relu).Dense(10).Build(seed: 42);
        _floatData = OnnxExporter.ToBytes(network);
        _modelFile = ModelFile.Serialize(network);
        ModelProto model = ModelProto.Parser.ParseFrom(_floatData);
        foreach (TensorProto tensor in model.Graph.Initializer)
        {
            byte[] raw = new byte[tensor.FloatData.Count * sizeof(float)];
            for (int i = 0; i < tensor.FloatData.Count; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), tensor.FloatData[i]);
            }

            tensor.FloatData.Clear();
            tensor.RawData = ByteString.CopyFrom(raw);
        }

        _rawData = model.ToByteArray();
    }

    [Benchmark(Baseline = true)]
    public int ModelFileDeserialize()
    {
        using Network network = ModelFile.Deserialize(_modelFile, "bench");
        return network.Parameters.Length;
    }

    [Benchmark]
    public int ImportRawData()
    {
        using Network network = OnnxImporter.Import(new MemoryStream(_rawData, writable: false));
        return network.Parameters.Length;
    }

    [Benchmark]
    public int ImportFloatData()
    {
        using Network network = OnnxImporter.Import(new MemoryStream(_floatData, writable: false));
        return network.Parameters.Length;
    }
}
