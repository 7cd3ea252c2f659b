using System;
using SpanNet.Teaching;
using Xunit;

namespace SpanNet.Tests.Teaching;

public class ComputationalGraphTests
{
    // Double rounding gives e.g. 220.00000000000003 for the apple price, as in the material's printout.
    private const double Tolerance = 1e-9;

    [Fact]
    public void The_apple_example_reproduces_the_printed_price_and_derivatives()
    {
        const double applePrice = 100, appleCount = 2, tax = 1.1;
        var multiplyApple = new MultiplyNode();
        var multiplyTax = new MultiplyNode();

        double price = multiplyTax.Forward(multiplyApple.Forward(applePrice, appleCount), tax);
        (double dAppleTotal, double dTax) = multiplyTax.Backward(1);
        (double dApplePrice, double dAppleCount) = multiplyApple.Backward(dAppleTotal);

        Assert.Equal(220, price, Tolerance);
        Assert.Equal(2.2, dApplePrice, Tolerance);
        Assert.Equal(110, dAppleCount, Tolerance);
        Assert.Equal(200, dTax, Tolerance);
    }

    [Fact]
    public void The_apple_and_orange_example_reproduces_the_printed_price_and_derivatives()
    {
        const double applePrice = 100, appleCount = 2, orangePrice = 150, orangeCount = 3, tax = 1.1;
        var multiplyApple = new MultiplyNode();
        var multiplyOrange = new MultiplyNode();
        var addFruit = new AddNode();
        var multiplyTax = new MultiplyNode();

        double appleTotal = multiplyApple.Forward(applePrice, appleCount);
        double orangeTotal = multiplyOrange.Forward(orangePrice, orangeCount);
        double price = multiplyTax.Forward(addFruit.Forward(appleTotal, orangeTotal), tax);

        (double dFruitTotal, double dTax) = multiplyTax.Backward(1);
        (double dAppleTotal, double dOrangeTotal) = addFruit.Backward(dFruitTotal);
        (double dApplePrice, double dAppleCount) = multiplyApple.Backward(dAppleTotal);
        (double dOrangePrice, double dOrangeCount) = multiplyOrange.Backward(dOrangeTotal);

        Assert.Equal(715, price, Tolerance);
        Assert.Equal(2.2, dApplePrice, Tolerance);
        Assert.Equal(110, dAppleCount, Tolerance);
        Assert.Equal(3.3, dOrangePrice, Tolerance);
        Assert.Equal(165, dOrangeCount, Tolerance);
        Assert.Equal(650, dTax, Tolerance);
    }

    [Fact]
    public void Backward_before_forward_throws()
    {
        Assert.Contains("Forward", Assert.Throws<InvalidOperationException>(() => new MultiplyNode().Backward(1)).Message, StringComparison.Ordinal);
        Assert.Contains("Forward", Assert.Throws<InvalidOperationException>(() => new AddNode().Backward(1)).Message, StringComparison.Ordinal);
    }
}
