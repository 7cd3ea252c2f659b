using System.Globalization;
using System.IO;
using SpanNet.Teaching;

namespace SpanNet.Cli.Demo;

/// <summary>
/// The computational-graph chapter's shopping examples: prices flow forward through multiply and add nodes, and
/// derivatives flow back. Values print as the material's Python does (shortest round-trip), rounding noise and all.
/// </summary>
internal static class ComputationalGraphDemo
{
    public static void Write(TextWriter output)
    {
        DemoSection.Title(output, "4. Computational graph: buying apples (and oranges)");
        const double ApplePrice = 100, AppleCount = 2, OrangePrice = 150, OrangeCount = 3, Tax = 1.1;

        var multiplyApple = new MultiplyNode();
        var multiplyTax = new MultiplyNode();
        double appleTotal = multiplyApple.Forward(ApplePrice, AppleCount);
        double price = multiplyTax.Forward(appleTotal, Tax);
        (double dAppleTotal, double dTax) = multiplyTax.Backward(1);
        (double dApplePrice, double dAppleCount) = multiplyApple.Backward(dAppleTotal);
        output.WriteLine($"forward:  apple {R(ApplePrice)} × count {R(AppleCount)} = {R(appleTotal)};  × tax {R(Tax)} = price {R(price)}");
        output.WriteLine($"backward from ∂price/∂price = 1:  ∂price/∂apple = {R(dApplePrice)}  ∂price/∂count = {R(dAppleCount)}  ∂price/∂tax = {R(dTax)}");

        multiplyApple = new MultiplyNode();
        var multiplyOrange = new MultiplyNode();
        var addFruit = new AddNode();
        multiplyTax = new MultiplyNode();
        appleTotal = multiplyApple.Forward(ApplePrice, AppleCount);
        double orangeTotal = multiplyOrange.Forward(OrangePrice, OrangeCount);
        double fruitTotal = addFruit.Forward(appleTotal, orangeTotal);
        price = multiplyTax.Forward(fruitTotal, Tax);
        (double dFruitTotal, dTax) = multiplyTax.Backward(1);
        (dAppleTotal, double dOrangeTotal) = addFruit.Backward(dFruitTotal);
        (dApplePrice, dAppleCount) = multiplyApple.Backward(dAppleTotal);
        (double dOrangePrice, double dOrangeCount) = multiplyOrange.Backward(dOrangeTotal);
        output.WriteLine();
        output.WriteLine($"forward:  ({R(ApplePrice)} × {R(AppleCount)} + {R(OrangePrice)} × {R(OrangeCount)}) × {R(Tax)} = ({R(appleTotal)} + {R(orangeTotal)}) × {R(Tax)} = price {R(price)}");
        output.WriteLine($"backward: ∂price/∂apple = {R(dApplePrice)}  ∂price/∂apple count = {R(dAppleCount)}  ∂price/∂orange = {R(dOrangePrice)}  ∂price/∂orange count = {R(dOrangeCount)}  ∂price/∂tax = {R(dTax)}");
        output.WriteLine("(an add node passes its derivative through unchanged; a multiply node swaps its inputs onto it)");
    }

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
