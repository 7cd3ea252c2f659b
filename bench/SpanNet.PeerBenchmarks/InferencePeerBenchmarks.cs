using System;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using SpanNet.Inference;
using SpanNet.Networks;
using SpanNet.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Ort = Microsoft.ML.OnnxRuntime;

namespace SpanNet.PeerBenchmarks;

/// <summary>
/// One sample through 784-100-10 to class probabilities, all three from the same weights and into a preallocated
/// managed array: SpanNet's <see cref="InferenceSession"/>; TorchSharp under <c>no_grad</c> with a dispose scope; ONNX
/// Runtime running SpanNet's own ONNX export with input and output bound once (IoBinding over <c>OrtValue</c>s that
/// wrap the managed arrays). Setup first checks that ONNX Runtime's and torch's probabilities match SpanNet's within
/// 1e-5, and refuses to run otherwise. Torch and ONNX Runtime get <see cref="Threads"/> intra-op threads; SpanNet's
/// single-sample path always stays on the caller's thread.
/// </summary>
[MemoryDiagnoser]
public class InferencePeerBenchmarks
{
    /// <summary>The largest difference allowed between SpanNet's probabilities and a peer's.</summary>
    public const float Tolerance = 1e-5f;

    private float[] _sample = [];
    private readonly float[] _probabilities = new float[PeerData.Classes];

    private InferenceSession? _session;

    private Sequential? _torchModel;
    private Tensor? _torchSample;

    private Ort.InferenceSession? _ortSession;
    private Ort.OrtValue? _ortInput;
    private Ort.OrtValue? _ortOutput;
    private Ort.OrtIoBinding? _ortBinding;
    private Ort.RunOptions? _ortRunOptions;

    [Params(SampleKind.MnistDigit, SampleKind.UniformDense)]
    public SampleKind Input { get; set; }

    [ParamsSource(typeof(PeerThreads), nameof(PeerThreads.Counts))]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        PeerThreads.Use(Threads);
        _sample = PeerData.Sample(Input);
        using Network network = PeerData.MnistNetwork();
        _session = InferenceModel.FromNetwork(network).CreateSession();
        _torchModel = TorchMlp.FromNetwork(network);
        _torchModel.eval();
        _torchSample = tensor(_sample, [1, PeerData.Inputs]);

        using var options = new Ort.SessionOptions
        {
            IntraOpNumThreads = Threads,
            InterOpNumThreads = 1,
            ExecutionMode = Ort.ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = Ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _ortSession = new Ort.InferenceSession(OnnxExporter.ToBytes(network), options);
        _ortInput = Ort.OrtValue.CreateTensorValueFromMemory(_sample, [1, PeerData.Inputs]);
        _ortOutput = Ort.OrtValue.CreateTensorValueFromMemory(_probabilities, [1, PeerData.Classes]);
        _ortBinding = _ortSession.CreateIoBinding();
        _ortBinding.BindInput(OnnxExporter.InputName, _ortInput);
        _ortBinding.BindOutput(OnnxExporter.OutputName, _ortOutput);
        _ortRunOptions = new Ort.RunOptions();

        CheckPeersAgree();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _session?.Dispose();
        _torchSample?.Dispose();
        _torchModel?.Dispose();
        _ortBinding?.Dispose();
        _ortInput?.Dispose();
        _ortOutput?.Dispose();
        _ortRunOptions?.Dispose();
        _ortSession?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void SpanNet() => _session!.Predict(_sample, _probabilities);

    [Benchmark]
    public void TorchSharp()
    {
        using var noGrad = no_grad();
        using DisposeScope scope = NewDisposeScope();
        Tensor logits = _torchModel!.forward(_torchSample!);
        Tensor probabilities = nn.functional.softmax(logits, 1);
        probabilities.data<float>().CopyTo(_probabilities);
    }

    /// <summary>ORT reads the input array and writes the output array in place: nothing is copied or allocated per call by us.</summary>
    [Benchmark]
    public void OnnxRuntime() => _ortSession!.RunWithBinding(_ortRunOptions!, _ortBinding!);

    private void CheckPeersAgree()
    {
        var expected = new float[PeerData.Classes];
        _session!.Predict(_sample, expected);
        OnnxRuntime();
        Compare("ONNX Runtime", expected);
        TorchSharp();
        Compare("TorchSharp", expected);
    }

    private void Compare(string peer, float[] expected)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(_probabilities[i] - expected[i]) <= Tolerance))
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{peer} gives probability {_probabilities[i]} for class {i}; SpanNet gives {expected[i]} (tolerance {Tolerance})."));
            }
        }
    }
}
