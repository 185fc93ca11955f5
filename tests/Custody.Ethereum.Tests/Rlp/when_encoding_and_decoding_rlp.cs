using System.Text.Json;
using Custody.Ethereum.Rlp;

namespace Custody.Ethereum.Tests.Rlp;

public sealed class when_encoding_and_decoding_rlp
{
    public static TheoryData<string, string> Vectors()
    {
        var data = new TheoryData<string, string>();
        foreach (var line in VectorFile.Lines("rlp.txt"))
        {
            var space = line.LastIndexOf(' ');
            data.Add(line[..space], line[(space + 1)..]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void the_encoding_matches_the_published_example(string json, string expectedHex)
    {
        var item = FromJson(JsonDocument.Parse(json).RootElement);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(RlpEncoder.Encode(item)));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void decoding_the_example_and_re_encoding_gives_the_same_bytes(string json, string hex)
    {
        _ = json;
        var bytes = Convert.FromHexString(hex);
        Assert.Equal(bytes, RlpEncoder.Encode(RlpDecoder.Decode(bytes)));
    }

    [Theory]
    [InlineData("", "empty input")]
    [InlineData("8100", "single byte below 0x80 wrapped as a string")]
    [InlineData("817f", "single byte below 0x80 wrapped as a string")]
    [InlineData("b800", "long form for a short length")]
    [InlineData("b80141", "long form for a short length")]
    [InlineData("836464", "string length past the end")]
    [InlineData("8000", "trailing bytes")]
    [InlineData("c38080", "list length past the end")]
    [InlineData("c2836464", "item overruns its list")]
    [InlineData("b9", "length-of-length past the end")]
    [InlineData("bf0000000000000001", "length field with leading zeros")]
    [InlineData("bfffffffffffffffff", "length beyond any input")]
    [InlineData("f800", "long list form for a short length")]
    [InlineData("f90000", "list length field with a leading zero")]
    public void non_canonical_or_truncated_input_is_rejected(string hex, string defect)
    {
        Assert.False(string.IsNullOrEmpty(defect));
        Assert.Throws<RlpFormatException>(() => RlpDecoder.Decode(Convert.FromHexString(hex)));
    }

    [Fact]
    public void a_long_length_with_a_leading_zero_byte_is_rejected()
    {
        var input = new byte[3 + 56];
        input[0] = 0xb9;
        input[1] = 0x00;
        input[2] = 56;
        Assert.Throws<RlpFormatException>(() => RlpDecoder.Decode(input));
        input[0] = 0xb8;
        input[1] = 56;
        Assert.Throws<RlpFormatException>(() => RlpDecoder.Decode(input)); // now one trailing byte
        Assert.Equal(56, RlpDecoder.Decode(input.AsSpan(0, 58)).Bytes.Length);
    }

    [Fact]
    public void integers_with_leading_zeros_are_rejected()
    {
        var item = RlpDecoder.Decode(Convert.FromHexString("820001"));
        Assert.Throws<RlpFormatException>(() => item.AsUInt256("n"));
        Assert.Equal(UInt256.FromUInt64(0x0100), RlpDecoder.Decode(Convert.FromHexString("820100")).AsUInt256("n"));
    }

    [Fact]
    public void integers_wider_than_the_field_are_rejected()
    {
        var wide = RlpEncoder.Encode(RlpItem.String(Enumerable.Repeat((byte)1, 33).ToArray()));
        Assert.Throws<RlpFormatException>(() => RlpDecoder.Decode(wide).AsUInt256("n"));
        var nine = RlpEncoder.Encode(RlpItem.String(Enumerable.Repeat((byte)1, 9).ToArray()));
        Assert.Throws<RlpFormatException>(() => RlpDecoder.Decode(nine).AsUInt64("n"));
    }

    [Fact]
    public void nesting_beyond_the_limit_is_rejected()
    {
        var item = RlpItem.List();
        for (var i = 0; i < RlpDecoder.MaxDepth + 1; i++)
        {
            item = RlpItem.List(item);
        }

        Assert.Throws<RlpFormatException>(() => RlpDecoder.Decode(RlpEncoder.Encode(item)));
    }

    private static RlpItem FromJson(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return RlpItem.List(element.EnumerateArray().Select(FromJson));
        }

        var text = element.GetString()!;
        return text.StartsWith('#')
            ? RlpItem.Integer(UInt256.Parse(text[1..]))
            : RlpItem.String(Hex.Decode(text));
    }
}
