using System.Text;

namespace Custody.Ethereum.Tests.Core;

public sealed class when_hashing_with_keccak256
{
    public static TheoryData<string, string> Vectors()
    {
        var data = new TheoryData<string, string>();
        foreach (var line in VectorFile.Lines("keccak256.txt"))
        {
            var space = line.LastIndexOf(' ');
            var input = line[..space];
            data.Add(input == "EMPTY" ? "" : input, line[(space + 1)..]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void the_digest_matches_the_published_vector(string input, string expectedHex)
    {
        var digest = Keccak256.Hash(Encoding.ASCII.GetBytes(input));
        Assert.Equal("0x" + expectedHex, Hex.Encode(digest));
    }

    [Fact]
    public void it_is_not_nist_sha3()
    {
        // SHA3-256("") = a7ffc6f8bf1ed766...; Ethereum's Keccak-256 uses the original padding.
        Assert.NotEqual("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
            Convert.ToHexStringLower(Keccak256.Hash([])));
    }
}
