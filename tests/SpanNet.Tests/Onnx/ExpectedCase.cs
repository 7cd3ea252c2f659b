namespace SpanNet.Tests.Onnx;

/// <summary>One batch of fixed inputs and what the exporting framework computed for it.</summary>
internal sealed record ExpectedCase(int Batch, int Inputs, int Outputs, float[] Input, float[] Output);
