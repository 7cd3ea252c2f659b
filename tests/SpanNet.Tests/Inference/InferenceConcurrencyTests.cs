using System;
using System.Runtime.InteropServices;
using System.Threading;
using SpanNet.Inference;
using SpanNet.Networks;
using Xunit;

namespace SpanNet.Tests.Inference;

public class InferenceConcurrencyTests
{
    private const int Threads = 8;
    private const int Samples = 64;
    private const int Rounds = 50;

    [Theory]
    [InlineData("mnist")]
    [InlineData("deep")]
    public void Eight_threads_with_their_own_sessions_over_one_model_match_single_threaded_results_bit_for_bit(string architecture)
    {
        using Network net = InferenceSessionTests.Build(architecture);
        InferenceModel model = InferenceModel.FromNetwork(net);
        int inputs = model.Inputs, outputs = model.Outputs;
        var samples = new float[Samples * inputs];
        for (int i = 0; i < Samples; i++)
        {
            InferenceSessionTests.Input(inputs, i, zeroPercent: (i % 3) * 40).CopyTo(samples, i * inputs);
        }

        var expected = new float[Samples * outputs];
        var expectedClasses = new int[Samples];
        using (InferenceSession reference = model.CreateSession())
        {
            reference.Predict(samples, expected, Samples);
            for (int i = 0; i < Samples; i++)
            {
                expectedClasses[i] = reference.Classify(samples.AsSpan(i * inputs, inputs));
            }
        }

        // Every thread runs every sample many times, in its own order, all starting at once, so calls overlap.
        var mismatches = new int[Threads];
        var failures = new Exception?[Threads];
        using var start = new Barrier(Threads);
        var workers = new Thread[Threads];
        for (int t = 0; t < Threads; t++)
        {
            int thread = t;
            workers[t] = new Thread(() =>
            {
                try
                {
                    using InferenceSession session = model.CreateSession();
                    var single = new float[outputs];
                    var batch = new float[Samples * outputs];
                    start.SignalAndWait();
                    for (int round = 0; round < Rounds; round++)
                    {
                        for (int n = 0; n < Samples; n++)
                        {
                            int i = (n * 7 + thread + round) % Samples;
                            ReadOnlySpan<float> x = samples.AsSpan(i * inputs, inputs);
                            session.Predict(x, single);
                            if (!SameBits(single, expected.AsSpan(i * outputs, outputs)) || session.Classify(x) != expectedClasses[i])
                            {
                                mismatches[thread]++;
                            }
                        }

                        session.Predict(samples, batch, Samples);
                        if (!SameBits(batch, expected))
                        {
                            mismatches[thread]++;
                        }
                    }
                }
                catch (Exception e)
                {
                    failures[thread] = e;
                }
            });
            workers[t].Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        Assert.All(failures, Assert.Null);
        Assert.All(mismatches, m => Assert.Equal(0, m));
    }

    /// <summary>Bit-for-bit equality (float equality would let −0 match +0).</summary>
    private static bool SameBits(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        MemoryMarshal.AsBytes(a).SequenceEqual(MemoryMarshal.AsBytes(b));
}
