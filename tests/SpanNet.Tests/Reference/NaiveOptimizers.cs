using System;

namespace SpanNet.Tests.Reference;

/// <summary>The optimizer update rules as plain double loops, one parameter at a time.</summary>
internal static class NaiveOptimizers
{
    public static void Sgd(double[] w, float[] g, double lr)
    {
        for (int i = 0; i < w.Length; i++)
        {
            w[i] -= lr * g[i];
        }
    }

    public static void Momentum(double[] w, float[] g, double[] v, double lr, double mu)
    {
        for (int i = 0; i < w.Length; i++)
        {
            v[i] = (mu * v[i]) - (lr * g[i]);
            w[i] += v[i];
        }
    }

    public static void Adagrad(double[] w, float[] g, double[] h, double lr, double eps)
    {
        for (int i = 0; i < w.Length; i++)
        {
            h[i] += (double)g[i] * g[i];
            w[i] -= lr * g[i] / (Math.Sqrt(h[i]) + eps);
        }
    }

    public static void RmsProp(double[] w, float[] g, double[] h, double lr, double rho, double eps)
    {
        for (int i = 0; i < w.Length; i++)
        {
            h[i] = (rho * h[i]) + ((1 - rho) * g[i] * g[i]);
            w[i] -= lr * g[i] / (Math.Sqrt(h[i]) + eps);
        }
    }

    public static void Adam(double[] w, float[] g, double[] m, double[] v, double lr, double b1, double b2, double eps, int t)
    {
        for (int i = 0; i < w.Length; i++)
        {
            m[i] = (b1 * m[i]) + ((1 - b1) * g[i]);
            v[i] = (b2 * v[i]) + ((1 - b2) * g[i] * g[i]);
            double mHat = m[i] / (1 - Math.Pow(b1, t));
            double vHat = v[i] / (1 - Math.Pow(b2, t));
            w[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
        }
    }

    /// <summary>SGD on the loss plus ½λ‖w‖²: the gradient gains λw.</summary>
    public static void SgdL2(double[] w, float[] g, double lr, double lambda)
    {
        for (int i = 0; i < w.Length; i++)
        {
            w[i] -= lr * (g[i] + (lambda * w[i]));
        }
    }

    /// <summary>Momentum on the loss plus ½λ‖w‖².</summary>
    public static void MomentumL2(double[] w, float[] g, double[] v, double lr, double mu, double lambda)
    {
        for (int i = 0; i < w.Length; i++)
        {
            v[i] = (mu * v[i]) - (lr * (g[i] + (lambda * w[i])));
            w[i] += v[i];
        }
    }

    /// <summary>AdamW as PyTorch writes it: decay the weights by ηλw first, then the Adam step from the undecayed moments.</summary>
    public static void AdamW(double[] w, float[] g, double[] m, double[] v, double lr, double b1, double b2, double eps, int t, double lambda)
    {
        for (int i = 0; i < w.Length; i++)
        {
            w[i] -= lr * lambda * w[i];
            m[i] = (b1 * m[i]) + ((1 - b1) * g[i]);
            v[i] = (b2 * v[i]) + ((1 - b2) * g[i] * g[i]);
            double mHat = m[i] / (1 - Math.Pow(b1, t));
            double vHat = v[i] / (1 - Math.Pow(b2, t));
            w[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
        }
    }
}
