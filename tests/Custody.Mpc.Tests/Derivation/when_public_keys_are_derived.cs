using Custody.Mpc.Curve;
using Custody.Mpc.Derivation;

namespace Custody.Mpc.Tests.Derivation;

/// <summary>
/// CKDpub against the public-derivation steps of BIP-32's test vectors 1 and 2 (bitcoin/bips bip-0032.mediawiki
/// "Test Vectors": each non-hardened step, parent xpub to child xpub), and strict parsing of extended keys and paths.
/// </summary>
public sealed class when_public_keys_are_derived
{
    public static TheoryData<string, uint, string> PublicSteps => new()
    {
        // Vector 1: m/0H -> m/0H/1, m/0H/1/2H -> m/0H/1/2H/2, m/0H/1/2H/2 -> m/0H/1/2H/2/1000000000.
        { "xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw", 1, "xpub6ASuArnXKPbfEwhqN6e3mwBcDTgzisQN1wXN9BJcM47sSikHjJf3UFHKkNAWbWMiGj7Wf5uMash7SyYq527Hqck2AxYysAA7xmALppuCkwQ" },
        { "xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5", 2, "xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv1ZACTj37sR62cfN7fe5JnJ7dh8zL4fiyLHV" },
        { "xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv1ZACTj37sR62cfN7fe5JnJ7dh8zL4fiyLHV", 1000000000, "xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYBVPamhGW6cFJodrTHy" },
        // Vector 2: m -> m/0, m/0/2147483647H -> .../1, m/0/2147483647H/1/2147483646H -> .../2.
        { "xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB", 0, "xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH" },
        { "xpub6ASAVgeehLbnwdqV6UKMHVzgqAG8Gr6riv3Fxxpj8ksbH9ebxaEyBLZ85ySDhKiLDBrQSARLq1uNRts8RuJiHjaDMBU4Zn9h8LZNnBC5y4a", 1, "xpub6DF8uhdarytz3FWdA8TvFSvvAh8dP3283MY7p2V4SeE2wyWmG5mg5EwVvmdMVCQcoNJxGoWaU9DCWh89LojfZ537wTfunKau47EL2dhHKon" },
        { "xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL", 2, "xpub6FnCn6nSzZAw5Tw7cgR9bi15UV96gLZhjDstkXXxvCLsUXBGXPdSnLFbdpq8p9HmGsApME5hQTZ3emM2rnY5agb9rXpVGyy3bdW6EEgAtqt" },
    };

    [Theory]
    [MemberData(nameof(PublicSteps))]
    public void each_public_step_of_the_bip32_vectors_gives_the_published_child(string parent, uint index, string expected)
    {
        var (child, tweak) = ExtendedPublicKey.Parse(parent).DeriveChild(index);
        Assert.Equal(expected, child.ToString());
        Assert.Equal(ExtendedPublicKey.Parse(parent).PublicKey + Point.MulBase(tweak), child.PublicKey);
    }

    [Fact]
    public void a_path_accumulates_the_tweaks_of_its_steps()
    {
        // Vector 1 from m/0H/1/2H: two public steps, 2 then 1000000000.
        var parent = ExtendedPublicKey.Parse("xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5");
        var (child, tweak) = parent.Derive(DerivationPath.Parse("m/2/1000000000"));
        Assert.Equal("xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYBVPamhGW6cFJodrTHy", child.ToString());
        Assert.Equal(parent.PublicKey + Point.MulBase(tweak), child.PublicKey);
        Assert.Equal(5, child.Depth);
    }

    [Theory]
    [MemberData(nameof(PublicSteps))]
    public void parsing_and_printing_round_trip(string parent, uint index, string expected)
    {
        _ = index;
        Assert.Equal(parent, ExtendedPublicKey.Parse(parent).ToString());
        Assert.Equal(expected, ExtendedPublicKey.Parse(expected).ToString());
    }

    [Fact]
    public void a_tpub_keeps_its_network()
    {
        var mainnet = ExtendedPublicKey.Parse("xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB");
        var testnet = new ExtendedPublicKey(ExtendedKeyNetwork.Testnet, 0, 0, 0, mainnet.ChainCode, mainnet.PublicKey);
        Assert.StartsWith("tpub", testnet.ToString(), StringComparison.Ordinal);
        var parsed = ExtendedPublicKey.Parse(testnet.ToString());
        Assert.Equal(ExtendedKeyNetwork.Testnet, parsed.Network);
        Assert.Equal(mainnet.PublicKey, parsed.PublicKey);
    }

    [Theory]
    // Bad checksum (last character changed).
    [InlineData("xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduC", "checksum")]
    // A private key (vector 1, m) is refused by name.
    [InlineData("xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi", "PRIVATE")]
    // Truncated.
    [InlineData("xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEG", "payload")]
    // Not Base58 (0, O, I and l are outside the alphabet) and whitespace.
    [InlineData("xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGu0uB", "Base58")]
    [InlineData(" xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB", "Base58")]
    public void a_malformed_extended_key_is_refused(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => ExtendedPublicKey.Parse(text));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void structurally_invalid_contents_are_refused_even_with_a_valid_checksum()
    {
        var valid = Base58Check.Decode("xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB", 78);

        var unknownVersion = (byte[])valid.Clone();
        unknownVersion[0] = 0x05;
        Assert.Contains("unknown extended key version", Refused(unknownVersion), StringComparison.Ordinal);

        var masterWithParent = (byte[])valid.Clone();
        masterWithParent[8] = 1;
        Assert.Contains("depth 0", Refused(masterWithParent), StringComparison.Ordinal);

        var notAPoint = (byte[])valid.Clone();
        notAPoint[45] = 0x04;
        Assert.Contains("compressed secp256k1", Refused(notAPoint), StringComparison.Ordinal);

        var offCurve = (byte[])valid.Clone();
        offCurve.AsSpan(46).Fill(0xff);
        Assert.Contains("compressed secp256k1", Refused(offCurve), StringComparison.Ordinal);

        static string Refused(byte[] payload) => Assert.Throws<FormatException>(() => ExtendedPublicKey.Parse(Base58Check.Encode(payload))).Message;
    }

    [Theory]
    [InlineData("m/0'/1")]
    [InlineData("m/0/1h")]
    [InlineData("m/0H")]
    [InlineData("m/2147483648")]
    public void a_hardened_step_is_refused_with_a_clear_error(string path)
    {
        var error = Assert.Throws<FormatException>(() => DerivationPath.Parse(path));
        Assert.Contains("hardened", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0/1")]
    [InlineData("m/")]
    [InlineData("m//1")]
    [InlineData("m/01")]
    [InlineData("m/-1")]
    [InlineData("m/+1")]
    [InlineData("m/4294967296")]
    [InlineData("M/1")]
    public void a_malformed_path_is_refused(string path) => Assert.Throws<FormatException>(() => DerivationPath.Parse(path));

    [Fact]
    public void a_hardened_index_is_refused_by_ckdpub()
    {
        var key = ExtendedPublicKey.Parse("xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB");
        Assert.Throws<ArgumentOutOfRangeException>(() => key.DeriveChild(DerivationPath.FirstHardenedIndex));
    }

    [Fact]
    public void paths_print_as_parsed()
    {
        Assert.Equal("m/0/1/2147483647", DerivationPath.Parse("m/0/1/2147483647").ToString());
        Assert.Equal("m", DerivationPath.Parse("m").ToString());
        Assert.Empty(DerivationPath.Parse("m").Indices);
    }
}
