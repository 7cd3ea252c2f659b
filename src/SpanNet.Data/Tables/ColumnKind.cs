namespace SpanNet.Data.Tables;

/// <summary>How a feature column enters the network. The numbers are the ones the stored preprocessing keeps.</summary>
public enum ColumnKind
{
    /// <summary>A number, standardised with the training rows' mean and standard deviation.</summary>
    Numeric = 1,

    /// <summary>A category, one-hot encoded over the categories of the training rows.</summary>
    Categorical = 2,
}
