using SpanNet.Teaching;
using Xunit;

namespace SpanNet.Tests.Teaching;

public class LogicGateTests
{
    private static readonly (float X1, float X2)[] Inputs = [(0f, 0f), (1f, 0f), (0f, 1f), (1f, 1f)];

    // Truth tables in the order of Inputs.
    private static readonly float[] AndTable = [0f, 0f, 0f, 1f];
    private static readonly float[] NandTable = [1f, 1f, 1f, 0f];
    private static readonly float[] OrTable = [0f, 1f, 1f, 1f];
    private static readonly float[] XorTable = [0f, 1f, 1f, 0f];

    [Theory]
    [InlineData(0f, 0f, 0f, 1f, 0f, 0f)]
    [InlineData(1f, 0f, 0f, 1f, 1f, 1f)]
    [InlineData(0f, 1f, 0f, 1f, 1f, 1f)]
    [InlineData(1f, 1f, 1f, 0f, 1f, 0f)]
    public void The_gates_follow_their_truth_tables(float x1, float x2, float and, float nand, float or, float xor)
    {
        Assert.Equal(and, LogicGates.And.Evaluate([x1, x2]));
        Assert.Equal(nand, LogicGates.Nand.Evaluate([x1, x2]));
        Assert.Equal(or, LogicGates.Or.Evaluate([x1, x2]));
        Assert.Equal(xor, LogicGates.Xor(x1, x2));
    }

    [Theory]
    [InlineData(0.5f, 0.5f, -0.8f)]
    [InlineData(1.0f, 1.0f, -1.0f)]
    public void The_alternative_AND_parameters_also_realise_AND(float w1, float w2, float bias) =>
        Assert.True(Realises(new Perceptron([w1, w2], bias), AndTable));

    [Fact]
    public void The_parameters_0_6_0_6_minus_0_5_realise_OR_not_AND()
    {
        // 0.6 + (−0.5) > 0, so one active input is enough to fire.
        var perceptron = new Perceptron([0.6f, 0.6f], -0.5f);
        Assert.Equal(1f, perceptron.Evaluate([1f, 0f]));
        Assert.False(Realises(perceptron, AndTable));
        Assert.True(Realises(perceptron, OrTable));
    }

    [Fact]
    public void A_grid_search_finds_single_perceptrons_for_AND_NAND_and_OR_but_none_for_XOR()
    {
        int and = 0, nand = 0, or = 0, xor = 0, searched = 0;
        for (int i = -10; i <= 10; i++)
        {
            for (int j = -10; j <= 10; j++)
            {
                for (int k = -10; k <= 10; k++)
                {
                    var perceptron = new Perceptron([i / 10f, j / 10f], k / 10f);
                    searched++;
                    and += Realises(perceptron, AndTable) ? 1 : 0;
                    nand += Realises(perceptron, NandTable) ? 1 : 0;
                    or += Realises(perceptron, OrTable) ? 1 : 0;
                    xor += Realises(perceptron, XorTable) ? 1 : 0;
                }
            }
        }

        Assert.Equal(21 * 21 * 21, searched);
        Assert.True(and > 0);
        Assert.True(nand > 0);
        Assert.True(or > 0);
        Assert.Equal(0, xor);
    }

    private static bool Realises(Perceptron perceptron, float[] truthTable)
    {
        for (int i = 0; i < Inputs.Length; i++)
        {
            if (perceptron.Evaluate([Inputs[i].X1, Inputs[i].X2]) != truthTable[i])
            {
                return false;
            }
        }

        return true;
    }
}
