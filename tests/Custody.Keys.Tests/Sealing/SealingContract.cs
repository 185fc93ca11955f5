using Custody.Keys.Sealing;

namespace Custody.Keys.Tests.Sealing;

/// <summary>
/// What every key-encryption provider must satisfy through <see cref="KeySealer"/>: round trip, refusal of
/// another wallet/party/key version, and a typed error (never data) for any altered byte.
/// Each provider's test class derives from this with its real provider.
/// </summary>
public abstract class SealingContract
{
    protected static readonly SealingContext Context = SealingContext.Create("wallet-7", "cosigner-a", 3);

    protected abstract IKeyEncryptionProvider Provider { get; }

    protected KeySealer Sealer => new(Provider);

    protected static byte[] Share() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(1500);

    [Fact]
    public async Task a_share_round_trips()
    {
        var share = Share();

        var blob = await Sealer.SealAsync(share, Context, TestContext.Current.CancellationToken);
        using var unsealed = await Sealer.UnsealAsync(blob, Context, TestContext.Current.CancellationToken);

        Assert.Equal(share, unsealed.Span.ToArray());
        Assert.Equal(Provider.ProviderId, SealedBlob.Parse(blob).WrappedKey.ProviderId);
        Assert.Equal(Provider.KeyReference, SealedBlob.Parse(blob).WrappedKey.KeyReference);
    }

    [Fact]
    public async Task each_sealing_uses_a_fresh_data_key_and_nonce()
    {
        var share = Share();

        var first = SealedBlob.Parse(await Sealer.SealAsync(share, Context, TestContext.Current.CancellationToken));
        var second = SealedBlob.Parse(await Sealer.SealAsync(share, Context, TestContext.Current.CancellationToken));

        Assert.NotEqual(first.WrappedKey.Ciphertext.ToArray(), second.WrappedKey.Ciphertext.ToArray());
        Assert.NotEqual(first.Nonce.ToArray(), second.Nonce.ToArray());
        Assert.NotEqual(first.Ciphertext.ToArray(), second.Ciphertext.ToArray());
    }

    [Theory]
    [InlineData("wallet-8", "cosigner-a", 3u)]
    [InlineData("wallet-7", "cosigner-b", 3u)]
    [InlineData("wallet-7", "cosigner-a", 4u)]
    public async Task another_wallet_party_or_key_version_is_refused(string wallet, string party, uint version)
    {
        var blob = await Sealer.SealAsync(Share(), Context, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<KeySealingException>(
            () => Sealer.UnsealAsync(blob, SealingContext.Create(wallet, party, version), TestContext.Current.CancellationToken));

        AssertError(KeySealingError.UnwrapFailed, error);
    }

    [Fact]
    public async Task a_flipped_ciphertext_bit_fails_authentication()
    {
        var blob = SealedBlob.Parse(await Sealer.SealAsync(Share(), Context, TestContext.Current.CancellationToken));
        var altered = Rebuild(blob, ciphertext: Flip(blob.Ciphertext, 700));

        var error = await Assert.ThrowsAsync<KeySealingException>(() => Sealer.UnsealAsync(altered, Context, TestContext.Current.CancellationToken));

        AssertError(KeySealingError.AuthenticationFailed, error);
    }

    [Fact]
    public async Task a_flipped_tag_bit_fails_authentication()
    {
        var blob = SealedBlob.Parse(await Sealer.SealAsync(Share(), Context, TestContext.Current.CancellationToken));
        var altered = Rebuild(blob, tag: Flip(blob.Tag, 15));

        var error = await Assert.ThrowsAsync<KeySealingException>(() => Sealer.UnsealAsync(altered, Context, TestContext.Current.CancellationToken));

        AssertError(KeySealingError.AuthenticationFailed, error);
    }

    [Fact]
    public async Task a_flipped_nonce_bit_fails_authentication()
    {
        var blob = SealedBlob.Parse(await Sealer.SealAsync(Share(), Context, TestContext.Current.CancellationToken));
        var altered = Rebuild(blob, nonce: Flip(blob.Nonce, 0));

        var error = await Assert.ThrowsAsync<KeySealingException>(() => Sealer.UnsealAsync(altered, Context, TestContext.Current.CancellationToken));

        AssertError(KeySealingError.AuthenticationFailed, error);
    }

    [Fact]
    public async Task a_flipped_wrapped_key_bit_fails_to_unwrap()
    {
        var blob = SealedBlob.Parse(await Sealer.SealAsync(Share(), Context, TestContext.Current.CancellationToken));
        var wrapped = blob.WrappedKey with { Ciphertext = Flip(blob.WrappedKey.Ciphertext, blob.WrappedKey.Ciphertext.Length / 2) };
        var altered = Rebuild(blob, wrappedKey: wrapped);

        var error = await Assert.ThrowsAsync<KeySealingException>(() => Sealer.UnsealAsync(altered, Context, TestContext.Current.CancellationToken));

        AssertError(KeySealingError.UnwrapFailed, error);
    }

    [Fact]
    public async Task another_key_reference_is_refused_before_unwrapping()
    {
        var blob = SealedBlob.Parse(await Sealer.SealAsync(Share(), Context, TestContext.Current.CancellationToken));
        var altered = Rebuild(blob, wrappedKey: blob.WrappedKey with { KeyReference = blob.WrappedKey.KeyReference + "-other" });

        var error = await Assert.ThrowsAsync<KeySealingException>(() => Sealer.UnsealAsync(altered, Context, TestContext.Current.CancellationToken));

        AssertError(KeySealingError.KeyReferenceMismatch, error);
    }

    [Fact]
    public async Task a_blob_of_another_provider_is_refused()
    {
        var blob = SealedBlob.Parse(await Sealer.SealAsync(Share(), Context, TestContext.Current.CancellationToken));
        var other = Enum.GetValues<KeyEncryptionProviderId>().First(id => id != Provider.ProviderId);
        var altered = Rebuild(blob, wrappedKey: blob.WrappedKey with { ProviderId = other });

        var error = await Assert.ThrowsAsync<KeySealingException>(() => Sealer.UnsealAsync(altered, Context, TestContext.Current.CancellationToken));

        AssertError(KeySealingError.ProviderMismatch, error);
    }

    protected static void AssertError(KeySealingError expected, KeySealingException error) =>
        Assert.True(error.Error == expected, $"Expected {expected}, got {error.Error}: {error.Message}");

    protected static byte[] Flip(ReadOnlyMemory<byte> bytes, int index)
    {
        var copy = bytes.ToArray();
        copy[index] ^= 0x01;
        return copy;
    }

    private static byte[] Rebuild(SealedBlob blob, WrappedDataKey? wrappedKey = null, byte[]? nonce = null, byte[]? ciphertext = null, byte[]? tag = null) =>
        SealedBlob.Create(
            wrappedKey ?? blob.WrappedKey,
            nonce ?? blob.Nonce.ToArray(),
            ciphertext ?? blob.Ciphertext.ToArray(),
            tag ?? blob.Tag.ToArray()).ToBytes();
}
