using System.Runtime.InteropServices;
using Custody.Gcp.Channels;
using Custody.Keys.Hosting;
using Custody.Keys.Sealing;
using Google.Cloud.Kms.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Custody.Keys.Kms;

/// <summary>
/// Key-encryption provider on Google Cloud KMS (docs/architecture.md "Keys and signing", docs/google-cloud.md "Cloud KMS and HSMs"):
/// the data key is encrypted by the CryptoKey with the sealing's associated data as KMS's
/// additional_authenticated_data. The full CRC32C integrity protocol is applied: checksums of every input
/// are sent; verified_plaintext_crc32c, verified_additional_authenticated_data_crc32c, the response's
/// ciphertext_crc32c (Encrypt) and plaintext_crc32c (Decrypt) are checked; a failed check is retried up to
/// <see cref="KmsKeyEncryptionOptions.MaxIntegrityAttempts"/> times, then fails with
/// <see cref="KeySealingError.IntegrityCheckFailed"/>. The Encrypt response must name a version of the key.
/// </summary>
public sealed class KmsKeyEncryptionProvider : IKeyEncryptionProvider
{
    private const int DataKeySize = 32;
    private readonly KeyManagementService.KeyManagementServiceClient _client;
    private readonly KmsKeyEncryptionOptions _options;
    private readonly string _versionPrefix;

    /// <summary>A provider calling KMS over <paramref name="channel"/> (from <see cref="GoogleChannelFactory"/> in production).</summary>
    public KmsKeyEncryptionProvider(ChannelBase channel, KmsKeyEncryptionOptions options)
        : this(new KeyManagementService.KeyManagementServiceClient(channel), options)
    {
    }

    internal KmsKeyEncryptionProvider(KeyManagementService.KeyManagementServiceClient client, KmsKeyEncryptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        _options = OptionsGuard.EnsureValid(options);
        _client = client;
        _versionPrefix = options.KeyName + "/cryptoKeyVersions/";
    }

    /// <inheritdoc />
    public KeyEncryptionProviderId ProviderId => KeyEncryptionProviderId.CloudKms;

    /// <summary>The CryptoKey resource name.</summary>
    public string KeyReference => _options.KeyName;

    /// <inheritdoc />
    public Task<WrappedDataKey> WrapAsync(ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> associatedData, CancellationToken cancellationToken)
    {
        ProviderGuards.RequireDataKey(dataKey);

        var request = new EncryptRequest
        {
            Name = _options.KeyName,
            // No copy: the request reads the caller's pinned SecretBytes, which the caller wipes.
            Plaintext = UnsafeByteOperations.UnsafeWrap(dataKey),
            PlaintextCrc32C = Crc32C.ComputeForKms(dataKey.Span),
            AdditionalAuthenticatedData = ByteString.CopyFrom(associatedData.Span),
            AdditionalAuthenticatedDataCrc32C = Crc32C.ComputeForKms(associatedData.Span),
        };
        return WithIntegrityRetriesAsync("Encrypt", cancellationToken, async () =>
        {
            var response = await _client.EncryptAsync(request, CallOptions(cancellationToken)).ResponseAsync.ConfigureAwait(false);
            CheckEncryptResponse(response);
            return new WrappedDataKey(ProviderId, KeyReference, response.Ciphertext.ToByteArray());
        });
    }

    /// <inheritdoc />
    public Task<SecretBytes> UnwrapAsync(WrappedDataKey wrappedKey, ReadOnlyMemory<byte> associatedData, CancellationToken cancellationToken)
    {
        ProviderGuards.RequireOwnKey(this, wrappedKey);

        var request = new DecryptRequest
        {
            Name = _options.KeyName,
            Ciphertext = ByteString.CopyFrom(wrappedKey.Ciphertext.Span),
            CiphertextCrc32C = Crc32C.ComputeForKms(wrappedKey.Ciphertext.Span),
            AdditionalAuthenticatedData = ByteString.CopyFrom(associatedData.Span),
            AdditionalAuthenticatedDataCrc32C = Crc32C.ComputeForKms(associatedData.Span),
        };
        return WithIntegrityRetriesAsync("Decrypt", cancellationToken, async () =>
        {
            var response = await _client.DecryptAsync(request, CallOptions(cancellationToken)).ResponseAsync.ConfigureAwait(false);
            var plaintext = response.Plaintext.Memory;
            try
            {
                if (response.PlaintextCrc32C is not { } crc || crc != Crc32C.ComputeForKms(plaintext.Span))
                {
                    throw new KmsIntegrityException("plaintext_crc32c of the response does not match the plaintext");
                }

                return plaintext.Length == DataKeySize
                    ? SecretBytes.CopyFrom(plaintext.Span)
                    : throw new KeySealingException(KeySealingError.UnwrapFailed, "Cloud KMS returned a data key of the wrong length.");
            }
            finally
            {
                // Best effort: wipe the response's copy of the data key (gRPC's receive buffers are out of reach).
                MemoryMarshal.AsMemory(plaintext).Span.Clear();
            }
        });
    }

    /// <summary>Only the key name.</summary>
    public override string ToString() => $"KmsKeyEncryptionProvider({KeyReference})";

    private void CheckEncryptResponse(EncryptResponse response)
    {
        // A response for another key is not a transport error: it is refused at once, without retry.
        if (!response.Name.StartsWith(_versionPrefix, StringComparison.Ordinal)
            || response.Name.Length == _versionPrefix.Length
            || !response.Name[_versionPrefix.Length..].All(char.IsAsciiDigit))
        {
            throw new KeySealingException(
                KeySealingError.IntegrityCheckFailed,
                $"Cloud KMS answered Encrypt with key version '{response.Name}', which is not a version of '{KeyReference}'.");
        }

        if (!response.VerifiedPlaintextCrc32C)
        {
            throw new KmsIntegrityException("verified_plaintext_crc32c is false");
        }

        if (!response.VerifiedAdditionalAuthenticatedDataCrc32C)
        {
            throw new KmsIntegrityException("verified_additional_authenticated_data_crc32c is false");
        }

        if (response.CiphertextCrc32C is not { } crc || crc != Crc32C.ComputeForKms(response.Ciphertext.Span))
        {
            throw new KmsIntegrityException("ciphertext_crc32c of the response does not match the ciphertext");
        }

        if (response.Ciphertext.Length is 0 or > SealedBlob.MaxWrappedKeyBytes)
        {
            throw new KeySealingException(KeySealingError.ProviderUnavailable, $"Cloud KMS returned a ciphertext of {response.Ciphertext.Length} bytes.");
        }
    }

    private CallOptions CallOptions(CancellationToken cancellationToken) =>
        new(RoutingHeaders.For("name", _options.KeyName), DateTime.UtcNow + _options.CallTimeout, cancellationToken);

    private async Task<T> WithIntegrityRetriesAsync<T>(string method, CancellationToken cancellationToken, Func<Task<T>> call)
    {
        var failures = new List<string>();
        for (var attempt = 1; attempt <= _options.MaxIntegrityAttempts; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (KmsIntegrityException ex)
            {
                failures.Add(ex.Message);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument && IsRequestChecksumRejection(ex))
            {
                // KMS verified our request checksums and found the request corrupted in transit.
                failures.Add($"Cloud KMS rejected a request checksum ({ex.Status.Detail})");
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException($"Cloud KMS {method} was cancelled.", ex, cancellationToken);
            }
            catch (RpcException ex)
            {
                throw Translate(method, ex);
            }
        }

        throw new KeySealingException(
            KeySealingError.IntegrityCheckFailed,
            $"Cloud KMS {method} on '{KeyReference}' failed its integrity checks {failures.Count} times: {string.Join("; ", failures)}.");
    }

    // KMS reports a request checksum mismatch as INVALID_ARGUMENT naming the checksum field.
    private static bool IsRequestChecksumRejection(RpcException ex) =>
        ex.Status.Detail.Contains("checksum", StringComparison.OrdinalIgnoreCase)
        || ex.Status.Detail.Contains("crc32c", StringComparison.OrdinalIgnoreCase);

    private KeySealingException Translate(string method, RpcException ex) => ex.StatusCode switch
    {
        // Decrypt with another ciphertext or additional authenticated data: "Decryption failed: the ciphertext is invalid."
        StatusCode.InvalidArgument when method == "Decrypt" => new KeySealingException(
            KeySealingError.UnwrapFailed,
            $"Cloud KMS refused to decrypt the data key under '{KeyReference}': the wrapped key or its context do not match ({ex.Status.Detail}).",
            ex),
        _ => new KeySealingException(
            KeySealingError.ProviderUnavailable,
            $"Cloud KMS {method} on '{KeyReference}' failed: {ex.StatusCode} ({ex.Status.Detail}).",
            ex),
    };
}
