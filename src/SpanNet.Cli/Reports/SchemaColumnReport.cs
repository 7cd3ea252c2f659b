using System.Collections.Generic;

namespace SpanNet.Cli.Reports;

/// <summary>One column of a table's inferred schema in a <c>--json</c> report.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="Kind">"numeric", "categorical" or "label".</param>
/// <param name="Missing">Missing cells.</param>
/// <param name="Minimum">A numeric column's smallest value (null otherwise, or when all are missing).</param>
/// <param name="Maximum">A numeric column's largest value.</param>
/// <param name="Categories">A categorical column's categories (empty otherwise).</param>
internal sealed record SchemaColumnReport(string Name, string Kind, long Missing, double? Minimum, double? Maximum, IReadOnlyList<string> Categories);
