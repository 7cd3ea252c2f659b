using System.Runtime.CompilerServices;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary>
/// An update rule's hyperparameters broadcast to one vector width, made once per pass by
/// <see cref="IParameterUpdateOperator.Broadcast{TVec}"/>: the JIT does not hoist a broadcast out of the driver's loop,
/// so broadcasting in the rule itself cost Adam eleven extra instructions per vector. Each rule's
/// <see cref="IParameterUpdateOperator.Broadcast{TVec}"/> says what its slots hold; unused slots are zero.
/// </summary>
internal readonly struct UpdateConstants<TVec>
    where TVec : struct, IFloatVector<TVec>
{
    // Inlined, so the pass's loop keeps its counter in a register (a call here made the JIT spill it every iteration).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public UpdateConstants(float k0, float k1 = 0f, float k2 = 0f, float k3 = 0f, float k4 = 0f, float k5 = 0f, float k6 = 0f, float k7 = 0f)
    {
        K0 = TVec.Create(k0);
        K1 = TVec.Create(k1);
        K2 = TVec.Create(k2);
        K3 = TVec.Create(k3);
        K4 = TVec.Create(k4);
        K5 = TVec.Create(k5);
        K6 = TVec.Create(k6);
        K7 = TVec.Create(k7);
    }

    public TVec K0 { get; }

    public TVec K1 { get; }

    public TVec K2 { get; }

    public TVec K3 { get; }

    public TVec K4 { get; }

    public TVec K5 { get; }

    public TVec K6 { get; }

    public TVec K7 { get; }
}
