using System.Collections.Concurrent;
using System.Security.Cryptography;
using Custody.Keys.Kms;
using Google.Cloud.Kms.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Custody.Keys.Tests.Kms;

/// <summary>
/// In-process Cloud KMS (no emulator exists, docs/google-cloud.md "Cloud KMS and HSMs") on the generated service base, served by
/// <see cref="FakeKmsServer"/> over real gRPC. It really encrypts (AES-256-GCM under a key per CryptoKey
/// name, with KMS's additional_authenticated_data), verifies the request checksums like KMS, and can be
/// told to corrupt its next responses.
/// </summary>
internal sealed class FakeKms : KeyManagementService.KeyManagementServiceBase
{
    private readonly ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requestParams = new();
    private KmsFault _fault;
    private int _faultsLeft;
    private int _encryptCalls;
    private int _decryptCalls;
    private int _requestsWithoutChecksums;

    public int EncryptCalls => _encryptCalls;

    public int DecryptCalls => _decryptCalls;

    public int RequestsWithoutChecksums => _requestsWithoutChecksums;

    public IReadOnlyCollection<string> RequestParams => _requestParams;

    public void AddKey(string cryptoKeyName) => _keys.TryAdd(cryptoKeyName, RandomNumberGenerator.GetBytes(32));

    /// <summary>Corrupts the next <paramref name="times"/> responses with <paramref name="fault"/>.</summary>
    public void Inject(KmsFault fault, int times)
    {
        _fault = fault;
        Volatile.Write(ref _faultsLeft, times);
    }

    public override Task<EncryptResponse> Encrypt(EncryptRequest request, ServerCallContext context)
    {
        Interlocked.Increment(ref _encryptCalls);
        Record(context, request.PlaintextCrc32C is null || request.AdditionalAuthenticatedDataCrc32C is null);
        var key = KeyFor(request.Name);
        var fault = TakeFault();
        CheckRequestChecksum(fault, request.Plaintext, request.PlaintextCrc32C, "plaintext");
        CheckRequestChecksum(fault, request.AdditionalAuthenticatedData, request.AdditionalAuthenticatedDataCrc32C, "additional_authenticated_data");

        var nonce = RandomNumberGenerator.GetBytes(12);
        var ciphertext = new byte[request.Plaintext.Length];
        var tag = new byte[16];
        using (var aes = new AesGcm(key, 16))
        {
            aes.Encrypt(nonce, request.Plaintext.Span, ciphertext, tag, request.AdditionalAuthenticatedData.Span);
        }

        byte[] output = [.. nonce, .. ciphertext, .. tag];
        var response = new EncryptResponse
        {
            Name = request.Name + "/cryptoKeyVersions/1",
            CiphertextCrc32C = Crc32C.ComputeForKms(output),
            VerifiedPlaintextCrc32C = request.PlaintextCrc32C is not null,
            VerifiedAdditionalAuthenticatedDataCrc32C = request.AdditionalAuthenticatedDataCrc32C is not null,
            ProtectionLevel = ProtectionLevel.Hsm,
        };
        switch (fault)
        {
            case KmsFault.FlipCiphertextBit: output[20] ^= 0x04; break;
            case KmsFault.WrongCiphertextCrc: response.CiphertextCrc32C += 1; break;
            case KmsFault.MissingCiphertextCrc: response.CiphertextCrc32C = null; break;
            case KmsFault.PlaintextNotVerified: response.VerifiedPlaintextCrc32C = false; break;
            case KmsFault.AadNotVerified: response.VerifiedAdditionalAuthenticatedDataCrc32C = false; break;
            case KmsFault.WrongKeyName: response.Name = request.Name + "-other/cryptoKeyVersions/1"; break;
        }

        response.Ciphertext = ByteString.CopyFrom(output);
        return Task.FromResult(response);
    }

    public override Task<DecryptResponse> Decrypt(DecryptRequest request, ServerCallContext context)
    {
        Interlocked.Increment(ref _decryptCalls);
        Record(context, request.CiphertextCrc32C is null || request.AdditionalAuthenticatedDataCrc32C is null);
        var key = KeyFor(request.Name);
        var fault = TakeFault();
        CheckRequestChecksum(fault, request.Ciphertext, request.CiphertextCrc32C, "ciphertext");
        CheckRequestChecksum(fault, request.AdditionalAuthenticatedData, request.AdditionalAuthenticatedDataCrc32C, "additional_authenticated_data");

        var input = request.Ciphertext.Span;
        if (input.Length < 28)
        {
            throw Invalid("Decryption failed: the ciphertext is invalid.");
        }

        var plaintext = new byte[input.Length - 28];
        try
        {
            using var aes = new AesGcm(key, 16);
            aes.Decrypt(input[..12], input[12..^16], input[^16..], plaintext, request.AdditionalAuthenticatedData.Span);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw Invalid("Decryption failed: the ciphertext is invalid.");
        }

        var response = new DecryptResponse { PlaintextCrc32C = Crc32C.ComputeForKms(plaintext), UsedPrimary = true, ProtectionLevel = ProtectionLevel.Hsm };
        switch (fault)
        {
            case KmsFault.FlipPlaintextBit: plaintext[3] ^= 0x80; break;
            case KmsFault.WrongPlaintextCrc: response.PlaintextCrc32C += 1; break;
            case KmsFault.MissingPlaintextCrc: response.PlaintextCrc32C = null; break;
        }

        response.Plaintext = ByteString.CopyFrom(plaintext);
        return Task.FromResult(response);
    }

    private static void CheckRequestChecksum(KmsFault fault, ByteString data, long? checksum, string field)
    {
        if (fault == KmsFault.RequestChecksumRejected || (checksum is { } crc && crc != Crc32C.ComputeForKms(data.Span)))
        {
            throw Invalid($"The checksum in field {field}_crc32c did not match the data in field {field}.");
        }
    }

    private static RpcException Invalid(string detail) => new(new Status(StatusCode.InvalidArgument, detail));

    private byte[] KeyFor(string name) =>
        _keys.TryGetValue(name, out var key) ? key : throw new RpcException(new Status(StatusCode.NotFound, $"{name} not found."));

    private KmsFault TakeFault()
    {
        var fault = _fault;
        return Interlocked.Decrement(ref _faultsLeft) >= 0 ? fault : KmsFault.None;
    }

    private void Record(ServerCallContext context, bool missingChecksum)
    {
        _requestParams.Enqueue(context.RequestHeaders.GetValue("x-goog-request-params") ?? "");
        if (missingChecksum)
        {
            Interlocked.Increment(ref _requestsWithoutChecksums);
        }
    }
}
