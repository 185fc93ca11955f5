using System.Buffers.Binary;
using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Org.BouncyCastle.Crypto.Digests;

namespace Custody.Mpc.Derivation;

/// <summary>The two version prefixes of BIP-32 extended public keys ("Serialization format").</summary>
public enum ExtendedKeyNetwork
{
    /// <summary>Version 0x0488B21E, text "xpub...".</summary>
    Mainnet,

    /// <summary>Version 0x043587CF, text "tpub...".</summary>
    Testnet,
}

/// <summary>
/// A BIP-32 extended public key (BIP-32 "Serialization format"): version, depth, parent fingerprint, child number,
/// chain code and the compressed public key, 78 bytes in Base58Check. Public only: nothing here is secret.
/// <see cref="DeriveChild"/> is CKDpub (BIP-32 "Public parent key -> public child key"); non-hardened steps only.
/// </summary>
public sealed class ExtendedPublicKey
{
    public const int SerializedLength = 78;

    private const uint MainnetVersion = 0x0488B21E;
    private const uint TestnetVersion = 0x043587CF;
    private const uint MainnetPrivateVersion = 0x0488ADE4;
    private const uint TestnetPrivateVersion = 0x04358394;

    private readonly byte[] _chainCode;

    public ExtendedPublicKey(ExtendedKeyNetwork network, byte depth, uint parentFingerprint, uint childNumber, ReadOnlySpan<byte> chainCode, Point publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (chainCode.Length != KeyShare.ChainCodeLength)
        {
            throw new ArgumentException("a chain code is 32 bytes", nameof(chainCode));
        }

        if (publicKey.IsInfinity)
        {
            throw new ArgumentException("the public key is the point at infinity", nameof(publicKey));
        }

        if (depth == 0 && (parentFingerprint != 0 || childNumber != 0))
        {
            throw new ArgumentException("a master key (depth 0) has parent fingerprint 0 and child number 0");
        }

        Network = network;
        Depth = depth;
        ParentFingerprint = parentFingerprint;
        ChildNumber = childNumber;
        _chainCode = chainCode.ToArray();
        PublicKey = publicKey;
    }

    public ExtendedKeyNetwork Network { get; }

    public byte Depth { get; }

    public uint ParentFingerprint { get; }

    public uint ChildNumber { get; }

    public ReadOnlySpan<byte> ChainCode => _chainCode;

    public Point PublicKey { get; }

    /// <summary>The first 4 bytes of HASH160(serP(K)) = RIPEMD-160(SHA-256(compressed key)), big-endian.</summary>
    public uint Fingerprint
    {
        get
        {
            var sha = SHA256.HashData(PublicKey.Encode());
            var ripemd = new RipeMD160Digest();
            ripemd.BlockUpdate(sha, 0, sha.Length);
            var hash = new byte[ripemd.GetDigestSize()];
            ripemd.DoFinal(hash, 0);
            return BinaryPrimitives.ReadUInt32BigEndian(hash);
        }
    }

    /// <summary>The wallet's master extended public key: its joint public key and the chain code agreed in the DKG.</summary>
    public static ExtendedPublicKey ForKey(KeyShare share, ExtendedKeyNetwork network)
    {
        ArgumentNullException.ThrowIfNull(share);
        return new ExtendedPublicKey(network, 0, 0, 0, share.ChainCode, share.PublicKey);
    }

    /// <summary>
    /// Strict parsing: Base58Check with a valid checksum, exactly 78 bytes, a public version (xpub or tpub; a private
    /// xprv/tprv is refused by name), depth 0 only with fingerprint and child number 0, and a valid compressed point.
    /// </summary>
    public static ExtendedPublicKey Parse(string text)
    {
        var bytes = Base58Check.Decode(text, SerializedLength);
        var version = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        var network = version switch
        {
            MainnetVersion => ExtendedKeyNetwork.Mainnet,
            TestnetVersion => ExtendedKeyNetwork.Testnet,
            MainnetPrivateVersion or TestnetPrivateVersion => throw new FormatException("this is an extended PRIVATE key (xprv/tprv); only extended public keys are accepted"),
            _ => throw new FormatException($"unknown extended key version 0x{version:x8} (expected xpub or tpub)"),
        };
        var depth = bytes[4];
        var parentFingerprint = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5));
        var childNumber = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(9));
        if (depth == 0 && (parentFingerprint != 0 || childNumber != 0))
        {
            throw new FormatException("a master extended key (depth 0) must have parent fingerprint 0 and child number 0");
        }

        if (!Point.TryDecode(bytes.AsSpan(45, 33), out var publicKey))
        {
            throw new FormatException("the key data is not a compressed secp256k1 public key");
        }

        return new ExtendedPublicKey(network, depth, parentFingerprint, childNumber, bytes.AsSpan(13, 32), publicKey);
    }

    public override string ToString()
    {
        var bytes = new byte[SerializedLength];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, Network == ExtendedKeyNetwork.Mainnet ? MainnetVersion : TestnetVersion);
        bytes[4] = Depth;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(5), ParentFingerprint);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(9), ChildNumber);
        _chainCode.CopyTo(bytes, 13);
        PublicKey.Encode().CopyTo(bytes, 45);
        return Base58Check.Encode(bytes);
    }

    /// <summary>
    /// CKDpub (BIP-32): I = HMAC-SHA512(c_par, serP(K_par) || ser32(i)); IL is the tweak, K_i = IL*G + K_par,
    /// c_i = IR. A hardened index is refused; IL >= n or K_i at infinity (probability below 2^-127) is reported as
    /// an invalid child, as BIP-32 requires, and the caller moves on to the next index.
    /// </summary>
    public (ExtendedPublicKey Child, Scalar Tweak) DeriveChild(uint index)
    {
        if (index >= DerivationPath.FirstHardenedIndex)
        {
            throw new ArgumentOutOfRangeException(nameof(index), "hardened child keys cannot be derived from a public key");
        }

        if (Depth == byte.MaxValue)
        {
            throw new InvalidOperationException("an extended key has at most depth 255");
        }

        var data = new byte[37];
        PublicKey.Encode().CopyTo(data, 0);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(33), index);
        var i = HMACSHA512.HashData(_chainCode, data);
        if (!Scalar.TryCreate(i.AsSpan(0, 32), out var tweak))
        {
            throw new InvalidChildKeyException(index, "IL is not below the group order");
        }

        var childKey = Point.MulBase(tweak) + PublicKey;
        if (childKey.IsInfinity)
        {
            throw new InvalidChildKeyException(index, "the child key is the point at infinity");
        }

        return (new ExtendedPublicKey(Network, (byte)(Depth + 1), Fingerprint, index, i.AsSpan(32, 32), childKey), tweak);
    }

    /// <summary>Derives along <paramref name="path"/>; the tweak is the sum of every step's IL, so the child key is K + tweak*G.</summary>
    public (ExtendedPublicKey Child, Scalar Tweak) Derive(DerivationPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var key = this;
        var tweak = Scalar.Zero;
        foreach (var index in path.Indices)
        {
            (key, var step) = key.DeriveChild(index);
            tweak += step;
        }

        return (key, tweak);
    }
}

/// <summary>BIP-32's "invalid child" case (IL >= n or the child key at infinity): use the next index.</summary>
public sealed class InvalidChildKeyException(uint index, string reason)
    : Exception($"child {index} is invalid under BIP-32 ({reason}); derive the next index instead")
{
    public uint Index { get; } = index;
}
