using System;
using System.Collections.Generic;

namespace SpanNet.Data.Tables;

/// <summary>Category text → index, looked up by span so a cell is never turned into a string.</summary>
internal sealed class CategoryLookup
{
    private readonly Dictionary<string, int> _indices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public CategoryLookup(IReadOnlyList<string> categories)
    {
        for (int i = 0; i < categories.Count; i++)
        {
            _indices[categories[i]] = i;
        }

        _lookup = _indices.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The index of <paramref name="text"/>, or -1.</summary>
    public int IndexOf(ReadOnlySpan<char> text) => _lookup.TryGetValue(text, out int index) ? index : -1;
}
