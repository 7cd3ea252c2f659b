namespace SpanNet.Data.Tables;

/// <summary>What a table's label asks for. The numbers are the ones the stored preprocessing keeps.</summary>
public enum TableTask
{
    /// <summary>The label names a class: text, or a few distinct whole numbers.</summary>
    Classification = 1,

    /// <summary>The label is a real number to predict.</summary>
    Regression = 2,
}
