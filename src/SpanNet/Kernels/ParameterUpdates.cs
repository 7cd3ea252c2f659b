using System;
using System.Runtime.CompilerServices;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

/// <summary>
/// The update rules of gradient descent and its adaptive variants, each one flat SIMD loop over every parameter of a
/// network at once. Hyperparameter defaults live on the optimizers; these kernels take every value explicitly.
/// </summary>
/// <remarks>
/// <para>
/// All spans must have the parameters' length. Parameters and state are updated in place; gradients are only read.
/// Hyperparameters are checked (finite, in range) before anything is written.
/// </para>
/// <para>
/// State (velocity, sums and means of squares, moments) is flushed to zero when its magnitude falls below the
/// smallest normal float, 2⁻¹²⁶ ≈ 1.18e-38: state decays geometrically wherever gradients are mostly zero, and x86
/// cores without flush-to-zero (which .NET never sets) run many times slower on subnormals. The step a flushed value
/// still made was at most about 1e-31 (2⁻¹²⁶, divided by ε for the adaptive rules): below the resolution of any weight
/// larger than 1e-24.
/// Large updates are split over the worker pool by ranges of parameters, which gives the same bits at any thread count.
/// </para>
/// </remarks>
public static class ParameterUpdates
{
    /// <summary>Plain gradient descent: <c>w −= η·g</c>.</summary>
    /// <param name="parameters">w, updated in place.</param>
    /// <param name="gradients">g.</param>
    /// <param name="learningRate">η &gt; 0.</param>
    /// <exception cref="ArgumentException">A length differs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    public static void Sgd(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate)
    {
        Guard.FinitePositive(learningRate);
        Guard.Length(gradients.Length, parameters.Length, nameof(gradients));
        ParameterUpdateDriver.Run(new SgdUpdate(learningRate), parameters, gradients, Span<float>.Empty, Span<float>.Empty);
    }

    /// <summary>
    /// Gradient descent with L2 regularisation (the penalty ½λ‖w‖² added to the loss): <c>w −= η·(g + λ·w)</c>, computed
    /// as <c>w = (1 − ηλ)·w − η·g</c>. For plain SGD, L2 and decoupled weight decay are the same update.
    /// </summary>
    /// <param name="parameters">w, updated in place.</param>
    /// <param name="gradients">g.</param>
    /// <param name="learningRate">η &gt; 0.</param>
    /// <param name="weightDecay">λ ≥ 0, finite, with ηλ &lt; 1; 0 is <see cref="Sgd(Span{float}, ReadOnlySpan{float}, float)"/> exactly.</param>
    /// <exception cref="ArgumentException">A length differs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    public static void Sgd(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, float weightDecay)
    {
        Guard.FinitePositive(learningRate);
        CheckWeightDecay(weightDecay, learningRate);
        Guard.Length(gradients.Length, parameters.Length, nameof(gradients));
        if (weightDecay == 0)
        {
            ParameterUpdateDriver.Run(new SgdUpdate(learningRate), parameters, gradients, Span<float>.Empty, Span<float>.Empty);
            return;
        }

        ParameterUpdateDriver.Run(new SgdWeightDecayUpdate(learningRate, weightDecay), parameters, gradients, Span<float>.Empty, Span<float>.Empty);
    }

    /// <summary>Momentum in the Keras/DLFS form: <c>v = μ·v − η·g; w += v</c>.</summary>
    /// <param name="parameters">w, updated in place.</param>
    /// <param name="gradients">g.</param>
    /// <param name="velocity">v, updated in place; starts at 0.</param>
    /// <param name="learningRate">η &gt; 0.</param>
    /// <param name="momentum">μ in [0, 1).</param>
    /// <exception cref="ArgumentException">A length differs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    public static void Momentum(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> velocity, float learningRate, float momentum)
    {
        Guard.FinitePositive(learningRate);
        Guard.UnitInterval(momentum);
        Guard.Length(gradients.Length, parameters.Length, nameof(gradients));
        Guard.Length(velocity.Length, parameters.Length, nameof(velocity));
        ParameterUpdateDriver.Run(new MomentumUpdate(learningRate, momentum), parameters, gradients, velocity, Span<float>.Empty);
    }

    /// <summary>Momentum with L2 regularisation: <c>v = μ·v − η·(g + λ·w); w += v</c> (PyTorch's <c>SGD(momentum, weight_decay)</c>, in the Keras sign convention).</summary>
    /// <param name="parameters">w, updated in place.</param>
    /// <param name="gradients">g.</param>
    /// <param name="velocity">v, updated in place; starts at 0.</param>
    /// <param name="learningRate">η &gt; 0.</param>
    /// <param name="momentum">μ in [0, 1).</param>
    /// <param name="weightDecay">λ ≥ 0, finite, with ηλ &lt; 1; 0 is <see cref="Momentum(Span{float}, ReadOnlySpan{float}, Span{float}, float, float)"/> exactly.</param>
    /// <exception cref="ArgumentException">A length differs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    public static void Momentum(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> velocity, float learningRate, float momentum, float weightDecay)
    {
        Guard.FinitePositive(learningRate);
        Guard.UnitInterval(momentum);
        CheckWeightDecay(weightDecay, learningRate);
        Guard.Length(gradients.Length, parameters.Length, nameof(gradients));
        Guard.Length(velocity.Length, parameters.Length, nameof(velocity));
        if (weightDecay == 0)
        {
            ParameterUpdateDriver.Run(new MomentumUpdate(learningRate, momentum), parameters, gradients, velocity, Span<float>.Empty);
            return;
        }

        ParameterUpdateDriver.Run(new MomentumWeightDecayUpdate(learningRate, momentum, weightDecay), parameters, gradients, velocity, Span<float>.Empty);
    }

    /// <summary>Adagrad: <c>h += g²; w −= η·g / (√h + ε)</c>.</summary>
    /// <param name="parameters">w, updated in place.</param>
    /// <param name="gradients">g.</param>
    /// <param name="sumOfSquares">h, updated in place; starts at 0.</param>
    /// <param name="learningRate">η &gt; 0.</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    /// <exception cref="ArgumentException">A length differs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    public static void Adagrad(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> sumOfSquares, float learningRate, float epsilon)
    {
        Guard.FinitePositive(learningRate);
        Guard.FinitePositive(epsilon);
        Guard.Length(gradients.Length, parameters.Length, nameof(gradients));
        Guard.Length(sumOfSquares.Length, parameters.Length, nameof(sumOfSquares));
        ParameterUpdateDriver.Run(new AdagradUpdate(learningRate, epsilon), parameters, gradients, sumOfSquares, Span<float>.Empty);
    }

    /// <summary>RMSprop: <c>h = ρ·h + (1 − ρ)·g²; w −= η·g / (√h + ε)</c>.</summary>
    /// <param name="parameters">w, updated in place.</param>
    /// <param name="gradients">g.</param>
    /// <param name="meanOfSquares">h, updated in place; starts at 0.</param>
    /// <param name="learningRate">η &gt; 0.</param>
    /// <param name="rho">ρ in [0, 1), the decay of the running mean.</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    /// <exception cref="ArgumentException">A length differs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    public static void RmsProp(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> meanOfSquares, float learningRate, float rho, float epsilon)
    {
        Guard.FinitePositive(learningRate);
        Guard.UnitInterval(rho);
        Guard.FinitePositive(epsilon);
        Guard.Length(gradients.Length, parameters.Length, nameof(gradients));
        Guard.Length(meanOfSquares.Length, parameters.Length, nameof(meanOfSquares));
        ParameterUpdateDriver.Run(new RmsPropUpdate(learningRate, rho, epsilon), parameters, gradients, meanOfSquares, Span<float>.Empty);
    }

    /// <summary>
    /// Adam with bias correction: <c>m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; w −= η·m̂ / (√v̂ + ε)</c> where
    /// <c>m̂ = m/(1−β₁ᵗ)</c> and <c>v̂ = v/(1−β₂ᵗ)</c>.
    /// </summary>
    /// <param name="parameters">w, updated in place.</param>
    /// <param name="gradients">g.</param>
    /// <param name="firstMoment">m, updated in place; starts at 0.</param>
    /// <param name="secondMoment">v, updated in place; starts at 0.</param>
    /// <param name="learningRate">η &gt; 0.</param>
    /// <param name="beta1">β₁ in [0, 1).</param>
    /// <param name="beta2">β₂ in [0, 1).</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    /// <param name="step">t, this update's 1-based number.</param>
    /// <exception cref="ArgumentException">A length differs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range, or <paramref name="step"/> &lt; 1.</exception>
    public static void Adam(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> firstMoment, Span<float> secondMoment, float learningRate, float beta1, float beta2, float epsilon, long step)
    {
        Guard.FinitePositive(learningRate);
        Guard.UnitInterval(beta1);
        Guard.UnitInterval(beta2);
        Guard.FinitePositive(epsilon);
        if (step < 1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(step), $"step is 1-based; it was {step}.");
        }

        Guard.Length(gradients.Length, parameters.Length, nameof(gradients));
        Guard.Length(firstMoment.Length, parameters.Length, nameof(firstMoment));
        Guard.Length(secondMoment.Length, parameters.Length, nameof(secondMoment));

        // The corrections in double: 1 − β₂ᵗ is 1e-3 at t = 1 and would lose digits in float.
        float firstCorrection = (float)(1.0 / (1.0 - Math.Pow(beta1, step)));
        float secondCorrection = (float)(1.0 / (1.0 - Math.Pow(beta2, step)));
        var update = new AdamUpdate(learningRate, beta1, beta2, epsilon, firstCorrection, secondCorrection);
        ParameterUpdateDriver.Run(update, parameters, gradients, firstMoment, secondMoment);
    }

    /// <summary>
    /// AdamW, Adam with decoupled weight decay (Loshchilov and Hutter; PyTorch's <c>AdamW</c>): the decay shrinks the
    /// weights directly instead of entering the moments, <c>w = (1 − ηλ)·w − η·m̂ / (√v̂ + ε)</c>, with m, v, m̂ and v̂
    /// as in <see cref="Adam(Span{float}, ReadOnlySpan{float}, Span{float}, Span{float}, float, float, float, float, long)"/>.
    /// </summary>
    /// <param name="parameters">w, updated in place.</param>
    /// <param name="gradients">g.</param>
    /// <param name="firstMoment">m, updated in place; starts at 0.</param>
    /// <param name="secondMoment">v, updated in place; starts at 0.</param>
    /// <param name="learningRate">η &gt; 0.</param>
    /// <param name="beta1">β₁ in [0, 1).</param>
    /// <param name="beta2">β₂ in [0, 1).</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    /// <param name="step">t, this update's 1-based number.</param>
    /// <param name="weightDecay">λ ≥ 0, finite, with ηλ &lt; 1; 0 is Adam exactly.</param>
    /// <exception cref="ArgumentException">A length differs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range, or <paramref name="step"/> &lt; 1.</exception>
    public static void AdamW(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> firstMoment, Span<float> secondMoment, float learningRate, float beta1, float beta2, float epsilon, long step, float weightDecay)
    {
        CheckWeightDecay(weightDecay, learningRate);
        if (weightDecay == 0)
        {
            Adam(parameters, gradients, firstMoment, secondMoment, learningRate, beta1, beta2, epsilon, step);
            return;
        }

        Guard.FinitePositive(learningRate);
        Guard.UnitInterval(beta1);
        Guard.UnitInterval(beta2);
        Guard.FinitePositive(epsilon);
        if (step < 1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(step), $"step is 1-based; it was {step}.");
        }

        Guard.Length(gradients.Length, parameters.Length, nameof(gradients));
        Guard.Length(firstMoment.Length, parameters.Length, nameof(firstMoment));
        Guard.Length(secondMoment.Length, parameters.Length, nameof(secondMoment));

        // η folds into the first correction to free a constant for the decay factor 1 − ηλ (eight constants at most).
        float firstStep = (float)(learningRate / (1.0 - Math.Pow(beta1, step)));
        float secondCorrection = (float)(1.0 / (1.0 - Math.Pow(beta2, step)));
        float keep = (float)(1.0 - ((double)learningRate * weightDecay));
        var update = new AdamWUpdate(beta1, beta2, epsilon, firstStep, secondCorrection, keep);
        ParameterUpdateDriver.Run(update, parameters, gradients, firstMoment, secondMoment);
    }

    /// <summary>λ must be finite and non-negative, and ηλ below 1, or the decay would flip or blow up the weights.</summary>
    private static void CheckWeightDecay(float weightDecay, float learningRate)
    {
        if (!float.IsFinite(weightDecay) || weightDecay < 0 || (double)learningRate * weightDecay >= 1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(weightDecay), $"weight decay λ must be finite, at least 0, and with the learning rate ηλ < 1; it was {weightDecay} (η {learningRate}).");
        }
    }
}

/// <summary><c>w = (1 − ηλ)w − ηg</c>: SGD with L2 (the same as decoupled decay for plain SGD).</summary>
internal readonly struct SgdWeightDecayUpdate(float learningRate, float weightDecay) : IParameterUpdateOperator
{
    public static int StateCount => 0;

    /// <summary>K0 = −η, K1 = 1 − ηλ.</summary>
    public UpdateConstants<TVec> Broadcast<TVec>()
        where TVec : struct, IFloatVector<TVec>
        => new(-learningRate, (float)(1.0 - ((double)learningRate * weightDecay)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Invoke<TVec>(in UpdateConstants<TVec> k, ref TVec parameter, TVec gradient, ref TVec state1, ref TVec state2)
        where TVec : struct, IFloatVector<TVec>
        => parameter = TVec.MultiplyAdd(gradient, k.K0, parameter * k.K1);
}

/// <summary><c>v = μv − η(g + λw); w += v</c>, v flushed to zero below 2⁻¹²⁶.</summary>
internal readonly struct MomentumWeightDecayUpdate(float learningRate, float momentum, float weightDecay) : IParameterUpdateOperator
{
    public static int StateCount => 1;

    /// <summary>K0 = μ, K1 = −η, K2 = λ.</summary>
    public UpdateConstants<TVec> Broadcast<TVec>()
        where TVec : struct, IFloatVector<TVec>
        => new(momentum, -learningRate, weightDecay);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Invoke<TVec>(in UpdateConstants<TVec> k, ref TVec parameter, TVec gradient, ref TVec state1, ref TVec state2)
        where TVec : struct, IFloatVector<TVec>
    {
        TVec regularised = TVec.MultiplyAdd(parameter, k.K2, gradient);
        state1 = Subnormals.FlushToZero(TVec.MultiplyAdd(state1, k.K0, regularised * k.K1));
        parameter += state1;
    }
}

/// <summary>AdamW with the corrections precomputed for this step (η folded into the first); m and v flushed to zero below 2⁻¹²⁶.</summary>
internal readonly struct AdamWUpdate(float beta1, float beta2, float epsilon, float firstStep, float secondCorrection, float keep) : IParameterUpdateOperator
{
    public static int StateCount => 2;

    /// <summary>K0 = β₁, K1 = 1 − β₁, K2 = β₂, K3 = 1 − β₂, K4 = η/(1 − β₁ᵗ), K5 = 1/(1 − β₂ᵗ), K6 = 1 − ηλ, K7 = ε.</summary>
    public UpdateConstants<TVec> Broadcast<TVec>()
        where TVec : struct, IFloatVector<TVec>
        => new(beta1, 1f - beta1, beta2, 1f - beta2, firstStep, secondCorrection, keep, epsilon);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Invoke<TVec>(in UpdateConstants<TVec> k, ref TVec parameter, TVec gradient, ref TVec state1, ref TVec state2)
        where TVec : struct, IFloatVector<TVec>
    {
        state1 = Subnormals.FlushToZero(TVec.MultiplyAdd(state1, k.K0, gradient * k.K1));
        state2 = Subnormals.FlushToZero(TVec.MultiplyAdd(state2, k.K2, gradient * gradient * k.K3));
        TVec correctedSecond = state2 * k.K5;
        parameter = (parameter * k.K6) - (state1 * k.K4 / (TVec.Sqrt(correctedSecond) + k.K7));
    }
}

/// <summary><c>w −= η·g</c>.</summary>
internal readonly struct SgdUpdate(float learningRate) : IParameterUpdateOperator
{
    public static int StateCount => 0;

    /// <summary>K0 = −η.</summary>
    public UpdateConstants<TVec> Broadcast<TVec>()
        where TVec : struct, IFloatVector<TVec>
        => new(-learningRate);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Invoke<TVec>(in UpdateConstants<TVec> k, ref TVec parameter, TVec gradient, ref TVec state1, ref TVec state2)
        where TVec : struct, IFloatVector<TVec>
        => parameter = TVec.MultiplyAdd(gradient, k.K0, parameter);
}

/// <summary><c>v = μv − ηg; w += v</c>, v flushed to zero below 2⁻¹²⁶.</summary>
internal readonly struct MomentumUpdate(float learningRate, float momentum) : IParameterUpdateOperator
{
    public static int StateCount => 1;

    /// <summary>K0 = μ, K1 = −η.</summary>
    public UpdateConstants<TVec> Broadcast<TVec>()
        where TVec : struct, IFloatVector<TVec>
        => new(momentum, -learningRate);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Invoke<TVec>(in UpdateConstants<TVec> k, ref TVec parameter, TVec gradient, ref TVec state1, ref TVec state2)
        where TVec : struct, IFloatVector<TVec>
    {
        state1 = Subnormals.FlushToZero(TVec.MultiplyAdd(state1, k.K0, gradient * k.K1));
        parameter += state1;
    }
}

/// <summary><c>h += g²; w −= ηg/(√h + ε)</c>, h flushed to zero below 2⁻¹²⁶.</summary>
internal readonly struct AdagradUpdate(float learningRate, float epsilon) : IParameterUpdateOperator
{
    public static int StateCount => 1;

    /// <summary>K0 = η, K1 = ε.</summary>
    public UpdateConstants<TVec> Broadcast<TVec>()
        where TVec : struct, IFloatVector<TVec>
        => new(learningRate, epsilon);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Invoke<TVec>(in UpdateConstants<TVec> k, ref TVec parameter, TVec gradient, ref TVec state1, ref TVec state2)
        where TVec : struct, IFloatVector<TVec>
    {
        state1 = Subnormals.FlushToZero(TVec.MultiplyAdd(gradient, gradient, state1));
        parameter -= gradient * k.K0 / (TVec.Sqrt(state1) + k.K1);
    }
}

/// <summary><c>h = ρh + (1 − ρ)g²; w −= ηg/(√h + ε)</c>, h flushed to zero below 2⁻¹²⁶.</summary>
internal readonly struct RmsPropUpdate(float learningRate, float rho, float epsilon) : IParameterUpdateOperator
{
    public static int StateCount => 1;

    /// <summary>K0 = ρ, K1 = 1 − ρ, K2 = η, K3 = ε.</summary>
    public UpdateConstants<TVec> Broadcast<TVec>()
        where TVec : struct, IFloatVector<TVec>
        => new(rho, 1f - rho, learningRate, epsilon);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Invoke<TVec>(in UpdateConstants<TVec> k, ref TVec parameter, TVec gradient, ref TVec state1, ref TVec state2)
        where TVec : struct, IFloatVector<TVec>
    {
        state1 = Subnormals.FlushToZero(TVec.MultiplyAdd(state1, k.K0, gradient * gradient * k.K1));
        parameter -= gradient * k.K2 / (TVec.Sqrt(state1) + k.K3);
    }
}

/// <summary>Adam with the bias corrections precomputed for this step; m and v flushed to zero below 2⁻¹²⁶.</summary>
internal readonly struct AdamUpdate(float learningRate, float beta1, float beta2, float epsilon, float firstCorrection, float secondCorrection) : IParameterUpdateOperator
{
    public static int StateCount => 2;

    /// <summary>K0 = β₁, K1 = 1 − β₁, K2 = β₂, K3 = 1 − β₂, K4 = 1/(1 − β₁ᵗ), K5 = 1/(1 − β₂ᵗ), K6 = η, K7 = ε.</summary>
    public UpdateConstants<TVec> Broadcast<TVec>()
        where TVec : struct, IFloatVector<TVec>
        => new(beta1, 1f - beta1, beta2, 1f - beta2, firstCorrection, secondCorrection, learningRate, epsilon);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Invoke<TVec>(in UpdateConstants<TVec> k, ref TVec parameter, TVec gradient, ref TVec state1, ref TVec state2)
        where TVec : struct, IFloatVector<TVec>
    {
        state1 = Subnormals.FlushToZero(TVec.MultiplyAdd(state1, k.K0, gradient * k.K1));
        state2 = Subnormals.FlushToZero(TVec.MultiplyAdd(state2, k.K2, gradient * gradient * k.K3));
        TVec correctedFirst = state1 * k.K4;
        TVec correctedSecond = state2 * k.K5;
        parameter -= k.K6 * correctedFirst / (TVec.Sqrt(correctedSecond) + k.K7);
    }
}
