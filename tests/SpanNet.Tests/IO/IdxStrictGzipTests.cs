using System;
using System.IO;
using SpanNet.IO;
using Xunit;

namespace SpanNet.Tests.IO;

/// <summary>
/// Gzip IDX files are held to the standard a raw file is (issue #11): a damaged trailer, a cut stream or bytes after
/// the member are rejected with a message naming the file and what is wrong, not loaded or misreported.
/// </summary>
public sealed class IdxStrictGzipTests
{
    private static readonly byte[] Raw = IdxWriter.Images(3, 2, 4, IdxWriter.Pixels(24, seed: 11));

    [Theory]
    [InlineData("trailer missing", "does not end before the 8-byte gzip trailer")]
    [InlineData("trailer cut", "does not end before the 8-byte gzip trailer")]
    [InlineData("cut inside the deflate data", "does not end before the 8-byte gzip trailer")]
    [InlineData("junk appended", "byte(s) follow the deflate data")]
    [InlineData("second member", "byte(s) follow the deflate data")]
    [InlineData("crc flipped", "CRC-32")]
    [InlineData("size wrong", "gives size")]
    [InlineData("method 7", "compression method is 7")]
    [InlineData("reserved flag", "reserved bits")]
    [InlineData("header cut", "ends inside the gzip header")]
    [InlineData("name unterminated", "ends inside the gzip header's file name")]
    [InlineData("deflate garbage", "deflate data is corrupt")]
    public void Damaged_gzip_is_rejected_naming_the_file_and_the_damage(string damage, string expected)
    {
        byte[] good = IdxWriter.Gzip(Raw);
        byte[] bytes = damage switch
        {
            "trailer missing" => good[..^8],
            "trailer cut" => good[..^3],
            "cut inside the deflate data" => [.. good[..^12], .. good[^8..]],
            "junk appended" => [.. good, 0, 0, 0, 0],
            "second member" => [.. good, .. IdxWriter.Gzip([1, 2, 3])],
            "crc flipped" => Flip(good, good.Length - 8),
            "size wrong" => Flip(good, good.Length - 4),
            "method 7" => Set(good, 2, 7),
            "reserved flag" => Set(good, 3, 0x20),
            "header cut" => good[..6],
            "name unterminated" => [.. Set(good[..10], 3, 8), (byte)'a', (byte)'b'],
            "deflate garbage" => [.. good[..10], 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, .. good[^8..]],
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };
        using var folder = new TempDirectory();
        string path = IdxWriter.Write(folder.Path, "damaged.gz", bytes);

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.StartsWith($"IDX file '{path}': bad gzip data: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("unsupported compression method", e.Message, StringComparison.Ordinal);

        var destination = new float[24];
        Assert.Contains(expected, Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(new MemoryStream(bytes), destination, "s")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Optional_header_fields_are_skipped_and_a_good_member_still_reads()
    {
        byte[] good = IdxWriter.Gzip(Raw);

        // FEXTRA (3 bytes), FNAME, FCOMMENT and FHCRC (the low 16 bits of the CRC-32 of the header before it).
        byte[] header = [.. Set(good[..10], 3, 4 | 8 | 16 | 2), 3, 0, 9, 9, 9, (byte)'m', (byte)'n', 0, (byte)'c', 0];
        uint headerCrc = Crc32.Compute(header);
        byte[] withFields = [.. header, (byte)headerCrc, (byte)(headerCrc >> 8), .. good[10..]];
        byte[] badHeaderCrc = [.. header, (byte)~headerCrc, (byte)(headerCrc >> 8), .. good[10..]];
        using var folder = new TempDirectory();
        IdxImages plain = IdxReader.ReadImages(IdxWriter.Write(folder.Path, "plain.gz", good));
        IdxImages fielded = IdxReader.ReadImages(IdxWriter.Write(folder.Path, "fields.gz", withFields));
        Assert.Equal(plain.Pixels, fielded.Pixels);
        Assert.Equal(Raw[16] / 255f, plain.Pixels[0]);
        string bad = IdxWriter.Write(folder.Path, "bad-header-crc.gz", badHeaderCrc);
        Assert.Contains("header CRC", Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(bad)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_member_reads_exactly_and_its_crc_is_checked()
    {
        byte[] raw = IdxWriter.Images(300, 28, 28, IdxWriter.Pixels(300 * 784, seed: 12));
        byte[] good = IdxWriter.Gzip(raw);
        using var folder = new TempDirectory();
        IdxImages images = IdxReader.ReadImages(IdxWriter.Write(folder.Path, "big.gz", good));
        Assert.Equal(300 * 784, images.Pixels.Length);

        // Corrupt the trailer by the CRC of a one-bit different payload: only the CRC check can catch it.
        byte[] altered = (byte[])raw.Clone();
        altered[^1] ^= 1;
        byte[] forged = [.. IdxWriter.Gzip(altered)[..^8], .. good[^8..]];
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(IdxWriter.Write(folder.Path, "forged.gz", forged)));
        Assert.Contains("CRC-32", e.Message, StringComparison.Ordinal);
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[at] ^= 0x01;
        return copy;
    }

    private static byte[] Set(byte[] bytes, int at, int value)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[at] = (byte)value;
        return copy;
    }
}
