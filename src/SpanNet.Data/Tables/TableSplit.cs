using System;
using System.Collections.Generic;

namespace SpanNet.Data.Tables;

/// <summary>A seeded train/test split (stratified for classification) applied by reordering the rows in place.</summary>
internal static class TableSplit
{
    /// <summary>The new row order: every training row, then every test row.</summary>
    public static int[] Order(TableData data, double testFraction, int seed, out int trainRows)
    {
        var random = new Random(seed);
        var train = new List<int>(data.Rows);
        var test = new List<int>();
        if (data.Task == TableTask.Classification && data.LabelArray.Length == data.Rows)
        {
            var members = new List<int>[data.ClassNames.Count];
            for (int c = 0; c < members.Length; c++)
            {
                members[c] = [];
            }

            for (int row = 0; row < data.Rows; row++)
            {
                members[data.LabelArray[row]].Add(row);
            }

            foreach (List<int> rows in members)
            {
                int[] shuffled = [.. rows];
                random.Shuffle(shuffled);
                int held = (int)Math.Round(shuffled.Length * testFraction);
                if (held == 0 && shuffled.Length >= 2)
                {
                    held = 1;
                }

                test.AddRange(shuffled.AsSpan(0, held));
                train.AddRange(shuffled.AsSpan(held));
            }
        }
        else
        {
            int[] shuffled = new int[data.Rows];
            for (int i = 0; i < shuffled.Length; i++)
            {
                shuffled[i] = i;
            }

            random.Shuffle(shuffled);
            int held = Math.Max(1, (int)Math.Round(shuffled.Length * testFraction));
            test.AddRange(shuffled.AsSpan(0, Math.Min(held, shuffled.Length)));
            train.AddRange(shuffled.AsSpan(Math.Min(held, shuffled.Length)));
        }

        if (train.Count == 0 || test.Count == 0)
        {
            throw TableErrors.File(data.Source, $"a test split of {testFraction} of its {data.Rows} rows leaves {train.Count} for training and {test.Count} for testing; both need at least one");
        }

        trainRows = train.Count;
        train.AddRange(test);
        return [.. train];
    }

    /// <summary>Moves row <c>order[i]</c> to position i, for the matrix and the labels, following cycles so only one row is buffered.</summary>
    public static void Permute(TableData data, int[] order)
    {
        int width = data.Features.Count;
        float[] raw = data.Raw;
        float[] row = new float[width];
        bool[] placed = new bool[order.Length];
        for (int start = 0; start < order.Length; start++)
        {
            if (placed[start] || order[start] == start)
            {
                placed[start] = true;
                continue;
            }

            // The cycle start ← order[start] ← order[order[start]] ... : save the row at start, pull each next row in.
            raw.AsSpan(start * width, width).CopyTo(row);
            int labelAt = data.LabelArray.Length > 0 ? data.LabelArray[start] : 0;
            float targetAt = data.TargetArray.Length > 0 ? data.TargetArray[start] : 0;
            int position = start;
            while (true)
            {
                placed[position] = true;
                int from = order[position];
                if (from == start)
                {
                    row.CopyTo(raw.AsSpan(position * width, width));
                    if (data.LabelArray.Length > 0)
                    {
                        data.LabelArray[position] = labelAt;
                    }

                    if (data.TargetArray.Length > 0)
                    {
                        data.TargetArray[position] = targetAt;
                    }

                    break;
                }

                raw.AsSpan(from * width, width).CopyTo(raw.AsSpan(position * width, width));
                if (data.LabelArray.Length > 0)
                {
                    data.LabelArray[position] = data.LabelArray[from];
                }

                if (data.TargetArray.Length > 0)
                {
                    data.TargetArray[position] = data.TargetArray[from];
                }

                position = from;
            }
        }
    }
}
