using System;
using SpanNet.Onnx.Protobuf;

namespace SpanNet.Onnx.Import;

// Gemm, MatMul (of constant or transposed constant weights) and the Add of a bias: the nodes that make a dense layer.
internal sealed partial class GraphPlanner
{
    private void PlanGemm(NodeProto node, string where, ChainState walk, int data)
    {
        if (data != 0)
        {
            throw Node(where, "its data is not input A; SpanNet imports Gemm(data, weights, bias) only");
        }

        ExpectInputs(node, where, 2, 3);
        ExpectRank2(where, walk, "Gemm");
        foreach (AttributeProto attribute in node.Attribute)
        {
            if (attribute.Name is not ("alpha" or "beta" or "transA" or "transB"))
            {
                throw Node(where, $"attribute '{attribute.Name}' is not supported; SpanNet imports Gemm with alpha, beta, transA = 0 and transB");
            }
        }

        if (IntAttribute(node, where, "transA", 0) != 0)
        {
            throw Node(where, "attribute transA is not 0; SpanNet imports Gemm with an untransposed A (the data) only");
        }

        long transB = IntAttribute(node, where, "transB", 0);
        if (transB is not (0 or 1))
        {
            throw Node(where, $"attribute transB is {transB}; it must be 0 or 1");
        }

        float alpha = FloatAttribute(node, where, "alpha", 1f);
        float beta = FloatAttribute(node, where, "beta", 1f);
        PlannedLayer dense = PlanDense(where, walk, node.Input[1], transposed: transB == 1, alpha);
        if (node.Input.Count == 3 && node.Input[2].Length > 0)
        {
            AddBias(dense, where, node.Input[2], beta, "C");
        }
    }

    private void PlanMatMul(NodeProto node, string where, ChainState walk, int data)
    {
        ExpectInputs(node, where, 2, 2);
        ExpectRank2(where, walk, "MatMul");
        if (data != 0)
        {
            throw Node(where, "its data is input B; SpanNet imports MatMul(data, weights) only");
        }

        // Newer exporters keep a Linear's weight as [out, in] and write Transpose(W) before the MatMul.
        bool transposed = _transposedConstants.TryGetValue(node.Input[1], out string? source);
        PlanDense(where, walk, transposed ? source! : node.Input[1], transposed, alpha: 1f);
    }

    /// <summary>A Transpose of a constant: only 2-D weights swapping their axes (perm absent or [1, 0]), to be read by a MatMul.</summary>
    private void PlanConstantTranspose(NodeProto node, string where)
    {
        long[]? perm = IntsAttribute(node, where, "perm");
        if (perm is not null && !(perm.Length == 2 && perm[0] == 1 && perm[1] == 0))
        {
            throw Node(where, $"attribute perm is [{string.Join(", ", perm)}]; SpanNet imports Transpose of constant 2-D weights (perm [1, 0]) before a MatMul only");
        }

        _transposedConstants.Add(node.Output[0], node.Input[0]);
    }

    private PlannedLayer PlanDense(string where, ChainState walk, string weightsName, bool transposed, float alpha)
    {
        FloatTensor weights = TensorReader.Float(Constant(weightsName, where, "input B (the weights)"), $"{where}, input B");
        if (weights.Dims.Length != 2)
        {
            throw Node(where, $"its weights '{weights.Name}' are {weights.Shape}; SpanNet imports 2-D weights only");
        }

        long inputs = transposed ? weights.Dims[1] : weights.Dims[0];
        long outputs = transposed ? weights.Dims[0] : weights.Dims[1];
        if (inputs != walk.Features)
        {
            string layout = transposed ? "[outputs, inputs] (transB = 1)" : "[inputs, outputs]";
            throw Node(where, $"its weights '{weights.Name}' are {weights.Shape}, laid out {layout}, but its input has {walk.Features} features");
        }

        if (outputs < 1 || outputs > OnnxImporter.MaxWidth)
        {
            throw Node(where, $"its weights '{weights.Name}' are {weights.Shape}: {outputs} outputs, outside 1 to {OnnxImporter.MaxWidth}");
        }

        CheckFinite(weights, alpha, where);
        var dense = PlannedLayer.Dense(weights, walk.Features, (int)outputs, transposed, alpha);
        AddLayer(walk, dense, where);
        walk.Features = (int)outputs;
        return dense;
    }

    private void AddBias(PlannedLayer dense, string where, string name, float scale, string role)
    {
        FloatTensor bias = TensorReader.Float(Constant(name, where, role), $"{where}, {role}");
        int outputs = dense.Outputs;
        bool scalar = bias.Count == 1 && Array.TrueForAll(bias.Dims, d => d == 1);
        bool row = bias.Dims.Length is 1 or 2 && bias.Dims[^1] == outputs && bias.Count == outputs;
        if (!scalar && !row)
        {
            throw Node(where, $"{role} '{bias.Name}' is {bias.Shape}; SpanNet imports a bias of shape [{outputs}], [1, {outputs}] or a single value");
        }

        float[]? previous = dense.Bias;
        float[] sum = previous ?? new float[outputs];
        for (int j = 0; j < outputs; j++)
        {
            // The first term is taken as it is (not added to 0), so a bias of −0 stays −0 and a round trip is exact.
            float term = scale * bias[scalar ? 0 : j];
            float value = previous is null ? term : sum[j] + term;
            if (!float.IsFinite(value))
            {
                throw Node(where, $"{role} '{bias.Name}' gives a NaN or infinite bias at element {j}; SpanNet imports finite parameters only");
            }

            sum[j] = value;
        }

        if (previous is null)
        {
            _parameters += outputs;
            CheckParameterCount(where);
        }

        dense.Bias = sum;
    }
}
