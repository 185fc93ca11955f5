using Custody.Keys.Kms;
using Custody.Keys.Sealing;
using Custody.Keys.Tests.Sealing;

namespace Custody.Keys.Tests.Kms;

public sealed class when_sealing_with_cloud_kms(FakeKmsFixture kms) : SealingContract, IClassFixture<FakeKmsFixture>
{
    protected override IKeyEncryptionProvider Provider => kms.Provider;

    [Fact]
    public async Task every_request_carries_its_checksums_and_the_routing_header()
    {
        var before = kms.Kms.RequestParams.Count;

        using var unsealed = await Sealer.UnsealAsync(await Sealer.SealAsync(Share(), Context, TestContext.Current.CancellationToken), Context, TestContext.Current.CancellationToken);

        Assert.Equal(0, kms.Kms.RequestsWithoutChecksums);
        var headers = kms.Kms.RequestParams.Skip(before).ToList();
        Assert.Equal(2, headers.Count);
        Assert.All(headers, header => Assert.Equal("name=" + Uri.EscapeDataString(FakeKmsFixture.KeyName), header));
    }

    [Fact]
    public void the_key_reference_is_the_crypto_key_name()
    {
        Assert.Equal(FakeKmsFixture.KeyName, kms.Provider.KeyReference);
    }

    [Fact]
    public async Task a_key_kms_does_not_know_is_reported_as_unavailable()
    {
        var provider = kms.ProviderFor(FakeKmsFixture.KeyName.Replace("signer-share-kek", "missing", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<KeySealingException>(() => new KeySealer(provider).SealAsync(Share(), Context, TestContext.Current.CancellationToken));

        AssertError(KeySealingError.ProviderUnavailable, error);
        Assert.Contains("NotFound", error.Message, StringComparison.Ordinal);
    }
}

public sealed class when_cloud_kms_responses_are_corrupted(FakeKmsFixture kms) : IClassFixture<FakeKmsFixture>
{
    private static readonly SealingContext Context = SealingContext.Create("wallet-1", "signer", 1);
    private static readonly byte[] Share = [.. Enumerable.Range(0, 64).Select(i => (byte)i)];

    private KeySealer Sealer => new(kms.Provider);

    [Theory]
    [InlineData(KmsFault.FlipCiphertextBit)]
    [InlineData(KmsFault.WrongCiphertextCrc)]
    [InlineData(KmsFault.MissingCiphertextCrc)]
    [InlineData(KmsFault.PlaintextNotVerified)]
    [InlineData(KmsFault.AadNotVerified)]
    [InlineData(KmsFault.RequestChecksumRejected)]
    public async Task one_bad_encrypt_response_is_retried_and_the_share_still_round_trips(KmsFault fault)
    {
        kms.Kms.Inject(fault, 1);
        var before = kms.Kms.EncryptCalls;

        var blob = await Sealer.SealAsync(Share, Context, TestContext.Current.CancellationToken);

        Assert.Equal(2, kms.Kms.EncryptCalls - before);
        using var unsealed = await Sealer.UnsealAsync(blob, Context, TestContext.Current.CancellationToken);
        Assert.Equal(Share, unsealed.Span.ToArray());
    }

    [Theory]
    [InlineData(KmsFault.FlipCiphertextBit, "ciphertext_crc32c")]
    [InlineData(KmsFault.WrongCiphertextCrc, "ciphertext_crc32c")]
    [InlineData(KmsFault.MissingCiphertextCrc, "ciphertext_crc32c")]
    [InlineData(KmsFault.PlaintextNotVerified, "verified_plaintext_crc32c is false")]
    [InlineData(KmsFault.AadNotVerified, "verified_additional_authenticated_data_crc32c is false")]
    [InlineData(KmsFault.RequestChecksumRejected, "rejected a request checksum")]
    public async Task encrypt_responses_that_keep_failing_are_refused_after_three_attempts(KmsFault fault, string check)
    {
        kms.Kms.Inject(fault, 3);
        var before = kms.Kms.EncryptCalls;

        var error = await Assert.ThrowsAsync<KeySealingException>(() => Sealer.SealAsync(Share, Context, TestContext.Current.CancellationToken));

        Assert.Equal(KeySealingError.IntegrityCheckFailed, error.Error);
        Assert.Contains(check, error.Message, StringComparison.Ordinal);
        Assert.Equal(3, kms.Kms.EncryptCalls - before);
    }

    [Fact]
    public async Task an_encrypt_response_for_another_key_is_refused_at_once()
    {
        kms.Kms.Inject(KmsFault.WrongKeyName, 1);
        var before = kms.Kms.EncryptCalls;

        var error = await Assert.ThrowsAsync<KeySealingException>(() => Sealer.SealAsync(Share, Context, TestContext.Current.CancellationToken));

        Assert.Equal(KeySealingError.IntegrityCheckFailed, error.Error);
        Assert.Contains("not a version of", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, kms.Kms.EncryptCalls - before);
    }

    [Theory]
    [InlineData(KmsFault.FlipPlaintextBit)]
    [InlineData(KmsFault.WrongPlaintextCrc)]
    [InlineData(KmsFault.MissingPlaintextCrc)]
    [InlineData(KmsFault.RequestChecksumRejected)]
    public async Task one_bad_decrypt_response_is_retried_and_the_share_is_unsealed(KmsFault fault)
    {
        var blob = await Sealer.SealAsync(Share, Context, TestContext.Current.CancellationToken);
        kms.Kms.Inject(fault, 1);
        var before = kms.Kms.DecryptCalls;

        using var unsealed = await Sealer.UnsealAsync(blob, Context, TestContext.Current.CancellationToken);

        Assert.Equal(Share, unsealed.Span.ToArray());
        Assert.Equal(2, kms.Kms.DecryptCalls - before);
    }

    [Theory]
    [InlineData(KmsFault.FlipPlaintextBit)]
    [InlineData(KmsFault.WrongPlaintextCrc)]
    [InlineData(KmsFault.MissingPlaintextCrc)]
    public async Task decrypt_responses_that_keep_failing_are_refused_after_three_attempts(KmsFault fault)
    {
        var blob = await Sealer.SealAsync(Share, Context, TestContext.Current.CancellationToken);
        kms.Kms.Inject(fault, 3);
        var before = kms.Kms.DecryptCalls;

        var error = await Assert.ThrowsAsync<KeySealingException>(() => Sealer.UnsealAsync(blob, Context, TestContext.Current.CancellationToken));

        Assert.Equal(KeySealingError.IntegrityCheckFailed, error.Error);
        Assert.Contains("plaintext_crc32c", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, kms.Kms.DecryptCalls - before);
    }
}
