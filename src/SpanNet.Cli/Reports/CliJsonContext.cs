using System.Text.Json.Serialization;

namespace SpanNet.Cli.Reports;

/// <summary>Source-generated serializers for the <c>--json</c> reports: no reflection at run time, camelCase names, one line; a regressor's undefined accuracy is written as "NaN".</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(TrainReport))]
[JsonSerializable(typeof(EvalReport))]
[JsonSerializable(typeof(PredictReport))]
[JsonSerializable(typeof(TableEvalReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
