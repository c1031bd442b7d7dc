// CRC-32 against the standard check value and a bitwise reference, over lengths that exercise the 4-byte steps and the tail.
using Mnist.Scripting.Data;

namespace Mnist.Scripting.Tests.Data;

public class Crc32Tests
{
    static uint Bitwise(ReadOnlySpan<byte> b)
    {
        uint c = 0xFFFFFFFF;
        foreach (var x in b)
        {
            c ^= x;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }
        return ~c;
    }

    [Test]
    public void MatchesTheCheckValue() => Assert.That(Crc32.Append(0, "123456789"u8), Is.EqualTo(0xCBF43926u));

    [Test]
    public void MatchesABitwiseReferenceAndCanBeAppendedInPieces()
    {
        var data = new byte[1037];
        new Random(7).NextBytes(data);
        foreach (int n in new[] { 0, 1, 3, 4, 5, 8, 1000, 1037 })
        {
            Assert.That(Crc32.Append(0, data.AsSpan(0, n)), Is.EqualTo(Bitwise(data.AsSpan(0, n))), $"{n} bytes");
            int cut = n / 3;
            Assert.That(Crc32.Append(Crc32.Append(0, data.AsSpan(0, cut)), data.AsSpan(cut, n - cut)), Is.EqualTo(Bitwise(data.AsSpan(0, n))), $"{n} bytes in two pieces");
        }
    }
}
