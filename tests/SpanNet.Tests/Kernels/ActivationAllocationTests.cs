using SpanNet.Kernels;
using Xunit;

namespace SpanNet.Tests.Kernels;

/// <summary>After warm-up, a thousand calls of every issue #17 kernel, forward and backward, allocate nothing.</summary>
[Collection(AllocationCollection.Name)]
public class ActivationAllocationTests
{
    [Fact]
    public void Gelu_silu_softplus_hard_functions_clip_prelu_and_erf_allocate_nothing()
    {
        float[] x = RandomValues.Uniform(1000, 1, scale: 6f);
        float[] dy = RandomValues.Uniform(1000, 2);
        float[] y = new float[1000];
        float[] d = new float[1000];
        float[] slopes = RandomValues.Uniform(10, 3, scale: 0.3f);
        float[] dSlopes = new float[10];
        KernelAllocationTests.AssertNoAllocation(() =>
        {
            Activations.Gelu(x, y);
            Activations.GeluBackward(dy, x, d);
            Activations.GeluTanh(x, y);
            Activations.GeluTanhBackward(dy, x, d);
            Activations.Silu(x, y);
            Activations.SiluBackward(dy, x, d);
            Activations.Softplus(x, 1f, 20f, y);
            Activations.SoftplusBackward(dy, x, 1f, 20f, d);
            Activations.HardSwish(x, y);
            Activations.HardSwishBackward(dy, x, d);
            Activations.HardSigmoid(x, Activations.HardSigmoidTorchAlpha, Activations.HardSigmoidTorchBeta, y);
            Activations.HardSigmoidBackward(dy, x, 0.2f, 0.5f, d);
            Activations.Clip(x, 0f, 6f, y);
            Activations.ClipBackward(dy, x, 0f, 6f, d);
            Activations.PRelu(x, slopes, y, 100, 10);
            Activations.PReluBackward(dy, x, slopes, d, dSlopes, 100, 10);
            Activations.PReluBackward(dy, x, slopes, [], dSlopes, 100, 10);
            Transcendentals.Erf(x, y);
        });
    }
}
