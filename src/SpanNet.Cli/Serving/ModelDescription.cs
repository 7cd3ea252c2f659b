using System;
using System.IO;
using System.Security.Cryptography;
using System.Text.Json;
using SpanNet.Cli.Commands;
using SpanNet.Inference;
using SpanNet.Layers;

namespace SpanNet.Cli.Serving;

/// <summary>The <c>GET /v1/model</c> answer, written once at start: file, SHA-256, sizes and layers of the served model.</summary>
internal static class ModelDescription
{
    public static byte[] ToJson(InferenceModel model, string path, byte[] fileBytes)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("file", Path.GetFileName(path));
            json.WriteString("sha256", Convert.ToHexStringLower(SHA256.HashData(fileBytes)));
            json.WriteNumber("inputs", model.Inputs);
            json.WriteNumber("outputs", model.Outputs);
            json.WriteString("loss", model.Loss.Kind.ToString());
            json.WriteString("precision", PrecisionNames.Names.NameOf(model.Precision));
            json.WriteStartArray("layers");
            foreach (Layer layer in model.Layers)
            {
                json.WriteStartObject();
                json.WriteString("kind", layer.Name);
                json.WriteNumber("inputs", layer.Inputs);
                json.WriteNumber("outputs", layer.Outputs);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
