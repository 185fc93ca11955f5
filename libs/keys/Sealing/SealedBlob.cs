using System.Buffers.Binary;
using System.Text;

namespace Custody.Keys.Sealing;

/// <summary>
/// Sealed-blob format version 1 (docs/keys.md "Sealed blob format"), all integers big-endian:
/// <code>
/// "CSKS" | version=0x01 | provider id (1) | u16 len, key reference (UTF-8) | u16 len, wrapped data key
///        | nonce (12) | u32 len, ciphertext | tag (16)
/// </code>
/// Parsing is strict: exact total length, bounded fields, nothing trailing.
/// </summary>
public sealed class SealedBlob
{
    /// <summary>The current format version byte.</summary>
    public const byte CurrentVersion = 1;

    /// <summary>AES-GCM nonce size.</summary>
    public const int NonceSize = 12;

    /// <summary>AES-GCM tag size.</summary>
    public const int TagSize = 16;

    /// <summary>Largest key reference, in bytes.</summary>
    public const int MaxKeyReferenceBytes = 1024;

    /// <summary>Largest wrapped data key, in bytes.</summary>
    public const int MaxWrappedKeyBytes = 4096;

    /// <summary>Largest sealed secret, in bytes (1 MiB).</summary>
    public const int MaxCiphertextBytes = 1 << 20;

    private static ReadOnlySpan<byte> Magic => "CSKS"u8;

    private SealedBlob(WrappedDataKey wrappedKey, byte[] nonce, byte[] ciphertext, byte[] tag)
    {
        WrappedKey = wrappedKey;
        Nonce = nonce;
        Ciphertext = ciphertext;
        Tag = tag;
    }

    /// <summary>The wrapped data key with its provider and key reference.</summary>
    public WrappedDataKey WrappedKey { get; }

    /// <summary>The AES-GCM nonce of the share encryption.</summary>
    public ReadOnlyMemory<byte> Nonce { get; }

    /// <summary>The encrypted share.</summary>
    public ReadOnlyMemory<byte> Ciphertext { get; }

    /// <summary>The AES-GCM tag of the share encryption.</summary>
    public ReadOnlyMemory<byte> Tag { get; }

    /// <summary>Builds a blob from its parts, validating every size.</summary>
    public static SealedBlob Create(WrappedDataKey wrappedKey, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag)
    {
        ArgumentNullException.ThrowIfNull(wrappedKey);
        var error = ValidateParts(wrappedKey, nonce.Length, ciphertext.Length, tag.Length);
        return error is null
            ? new SealedBlob(wrappedKey, nonce.ToArray(), ciphertext.ToArray(), tag.ToArray())
            : throw new ArgumentException(error);
    }

    /// <summary>Parses a blob; <paramref name="error"/> says what is wrong otherwise.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out SealedBlob? blob, out KeySealingException? error)
    {
        blob = null;
        error = null;
        var reader = new SpanReader(bytes);
        if (!reader.TryTake(Magic.Length, out var magic) || !magic.SequenceEqual(Magic))
        {
            error = Malformed("it does not start with the CSKS magic");
            return false;
        }

        if (!reader.TryTake(1, out var version) || version[0] != CurrentVersion)
        {
            error = version.Length == 0
                ? Malformed("it is truncated")
                : new KeySealingException(KeySealingError.UnsupportedFormatVersion, $"The sealed blob has format version {version[0]}; this code reads version {CurrentVersion}.");
            return false;
        }

        if (!reader.TryTake(1, out var provider)
            || !reader.TryTakeUInt16Prefixed(out var keyReference)
            || !reader.TryTakeUInt16Prefixed(out var wrapped)
            || !reader.TryTake(NonceSize, out var nonce)
            || !reader.TryTakeUInt32Prefixed(out var ciphertext)
            || !reader.TryTake(TagSize, out var tag))
        {
            error = Malformed("it is truncated or a length field is out of range");
            return false;
        }

        if (!reader.AtEnd)
        {
            error = Malformed("it has trailing bytes");
            return false;
        }

        if (!Enum.IsDefined((KeyEncryptionProviderId)provider[0]))
        {
            error = Malformed($"provider id {provider[0]} is unknown");
            return false;
        }

        string reference;
        try
        {
            reference = new UTF8Encoding(false, true).GetString(keyReference);
        }
        catch (DecoderFallbackException)
        {
            error = Malformed("the key reference is not valid UTF-8");
            return false;
        }

        var wrappedKey = new WrappedDataKey((KeyEncryptionProviderId)provider[0], reference, wrapped.ToArray());
        var partsError = ValidateParts(wrappedKey, nonce.Length, ciphertext.Length, tag.Length);
        if (partsError is not null)
        {
            error = Malformed(partsError);
            return false;
        }

        blob = new SealedBlob(wrappedKey, nonce.ToArray(), ciphertext.ToArray(), tag.ToArray());
        return true;
    }

    /// <summary>Parses a blob or throws <see cref="KeySealingException"/>.</summary>
    public static SealedBlob Parse(ReadOnlySpan<byte> bytes) =>
        TryParse(bytes, out var blob, out var error) ? blob! : throw error!;

    /// <summary>The encoded blob.</summary>
    public byte[] ToBytes()
    {
        var reference = Encoding.UTF8.GetBytes(WrappedKey.KeyReference);
        var wrapped = WrappedKey.Ciphertext.Span;
        var output = new byte[Magic.Length + 2 + 2 + reference.Length + 2 + wrapped.Length + NonceSize + 4 + Ciphertext.Length + TagSize];
        var span = output.AsSpan();
        Magic.CopyTo(span);
        span = span[Magic.Length..];
        span[0] = CurrentVersion;
        span[1] = (byte)WrappedKey.ProviderId;
        span = span[2..];
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)reference.Length);
        reference.CopyTo(span[2..]);
        span = span[(2 + reference.Length)..];
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)wrapped.Length);
        wrapped.CopyTo(span[2..]);
        span = span[(2 + wrapped.Length)..];
        Nonce.Span.CopyTo(span);
        span = span[NonceSize..];
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)Ciphertext.Length);
        Ciphertext.Span.CopyTo(span[4..]);
        span = span[(4 + Ciphertext.Length)..];
        Tag.Span.CopyTo(span);
        return output;
    }

    /// <summary>Provider and key reference only.</summary>
    public override string ToString() => $"SealedBlob(v{CurrentVersion}, {WrappedKey.ProviderId}, {WrappedKey.KeyReference}, {Ciphertext.Length} bytes)";

    private static string? ValidateParts(WrappedDataKey wrappedKey, int nonceLength, int ciphertextLength, int tagLength)
    {
        var referenceBytes = Encoding.UTF8.GetByteCount(wrappedKey.KeyReference);
        return referenceBytes is 0 or > MaxKeyReferenceBytes ? $"the key reference must be 1..{MaxKeyReferenceBytes} bytes"
            : wrappedKey.Ciphertext.Length is 0 or > MaxWrappedKeyBytes ? $"the wrapped data key must be 1..{MaxWrappedKeyBytes} bytes"
            : nonceLength != NonceSize ? $"the nonce must be {NonceSize} bytes"
            : ciphertextLength is 0 or > MaxCiphertextBytes ? $"the ciphertext must be 1..{MaxCiphertextBytes} bytes"
            : tagLength != TagSize ? $"the tag must be {TagSize} bytes"
            : null;
    }

    private static KeySealingException Malformed(string reason) =>
        new(KeySealingError.MalformedBlob, $"The sealed blob is malformed: {reason}.");

    private ref struct SpanReader(ReadOnlySpan<byte> bytes)
    {
        private ReadOnlySpan<byte> _rest = bytes;

        public readonly bool AtEnd => _rest.IsEmpty;

        public bool TryTake(int count, out ReadOnlySpan<byte> taken)
        {
            if (count < 0 || _rest.Length < count)
            {
                taken = default;
                return false;
            }

            taken = _rest[..count];
            _rest = _rest[count..];
            return true;
        }

        public bool TryTakeUInt16Prefixed(out ReadOnlySpan<byte> taken)
        {
            taken = default;
            return TryTake(2, out var length) && TryTake(BinaryPrimitives.ReadUInt16BigEndian(length), out taken);
        }

        public bool TryTakeUInt32Prefixed(out ReadOnlySpan<byte> taken)
        {
            taken = default;
            if (!TryTake(4, out var length))
            {
                return false;
            }

            var value = BinaryPrimitives.ReadUInt32BigEndian(length);
            return value <= MaxCiphertextBytes && TryTake((int)value, out taken);
        }
    }
}
