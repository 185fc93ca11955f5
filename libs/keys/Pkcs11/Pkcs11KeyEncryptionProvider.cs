using System.Security.Cryptography;
using System.Text;
using Custody.Keys.Hosting;
using Custody.Keys.Sealing;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Custody.Keys.Pkcs11;

/// <summary>
/// Key-encryption provider on a PKCS#11 HSM (docs/google-cloud.md "Cloud KMS and HSMs"; SoftHSM2 in tests): the data key is
/// encrypted with CKM_AES_GCM inside the token under a non-extractable AES-256 key found by label,
/// with the sealing's associated data. Wrapped = nonce 12 | ciphertext 32 | tag 16. Key reference:
/// an RFC 7512 URI <c>pkcs11:token=...;object=...;type=secret-key</c>. The user PIN is read from the
/// configured environment variable once, at login, and never kept or logged.
/// </summary>
public sealed class Pkcs11KeyEncryptionProvider : IKeyEncryptionProvider, IDisposable
{
    private const int DataKeySize = 32;
    private const int NonceSize = 12;
    private const int TagBits = 128;
    private const string EncryptOperation = "encrypt";
    private const string DecryptOperation = "decrypt";

    private readonly Pkcs11Module.Lease _lease;
    private readonly ISession _session;
    private readonly Pkcs11Options _options;
    private readonly Lock _gate = new();
    private IObjectHandle? _key;
    private bool _disposed;

    /// <summary>Loads the module, opens a read-write session on the token and logs in as user.</summary>
    public Pkcs11KeyEncryptionProvider(Pkcs11Options options)
    {
        _options = OptionsGuard.EnsureValid(options);
        KeyReference = $"pkcs11:token={Uri.EscapeDataString(options.TokenLabel)};object={Uri.EscapeDataString(options.KeyLabel)};type=secret-key";
        _lease = Pkcs11Module.Acquire(options.ModulePath);
        try
        {
            _session = OpenSession(FindSlot());
        }
        catch
        {
            _lease.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public KeyEncryptionProviderId ProviderId => KeyEncryptionProviderId.Pkcs11;

    /// <inheritdoc />
    public string KeyReference { get; }

    private Pkcs11InteropFactories Factories => _lease.Module.Factories;

    /// <summary>
    /// Generates the wrapping key in the token (AES-256, sensitive, non-extractable, encrypt/decrypt only)
    /// under the configured label. Refuses if a key with that label exists. Done once at provisioning.
    /// </summary>
    public void CreateWrappingKey()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Pkcs11WrappingKey.Generate(_session, Factories, _options.KeyLabel);
            _key = null;
        }
    }

    /// <inheritdoc />
    public Task<WrappedDataKey> WrapAsync(ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> associatedData, CancellationToken cancellationToken)
    {
        ProviderGuards.RequireDataKey(dataKey);

        var nonce = new byte[NonceSize];
        RandomNumberGenerator.Fill(nonce);
        var plaintext = dataKey.ToArray();
        try
        {
            var sealedKey = Run(EncryptOperation, (session, key) =>
                WithGcm(nonce, associatedData, mechanism => session.Encrypt(mechanism, key, plaintext)));
            byte[] wrapped = [.. nonce, .. sealedKey];
            return Task.FromResult(new WrappedDataKey(ProviderId, KeyReference, wrapped));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <inheritdoc />
    public Task<SecretBytes> UnwrapAsync(WrappedDataKey wrappedKey, ReadOnlyMemory<byte> associatedData, CancellationToken cancellationToken)
    {
        ProviderGuards.RequireOwnKey(this, wrappedKey);

        var wrapped = wrappedKey.Ciphertext.Span;
        if (wrapped.Length != NonceSize + DataKeySize + (TagBits / 8))
        {
            throw new KeySealingException(KeySealingError.UnwrapFailed, "The wrapped data key has the wrong length for the PKCS#11 provider.");
        }

        var nonce = wrapped[..NonceSize].ToArray();
        var sealedKey = wrapped[NonceSize..].ToArray();
        var plaintext = Run(DecryptOperation, (session, key) =>
            WithGcm(nonce, associatedData, mechanism => session.Decrypt(mechanism, key, sealedKey)));
        try
        {
            return plaintext.Length == DataKeySize
                ? Task.FromResult(SecretBytes.CopyFrom(plaintext))
                : throw new KeySealingException(KeySealingError.UnwrapFailed, "The HSM returned a data key of the wrong length.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Closes the session (the token logs out when its last session closes) and releases the module.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _session.Dispose();
            _lease.Dispose();
        }
    }

    /// <summary>Only the key reference.</summary>
    public override string ToString() => $"Pkcs11KeyEncryptionProvider({KeyReference})";

    private ISlot FindSlot()
    {
        var slots = _lease.Module.Library.GetSlotList(SlotsType.WithTokenPresent)
            .Where(slot => slot.GetTokenInfo().Label.Trim() == _options.TokenLabel)
            .ToList();
        return slots.Count == 1
            ? slots[0]
            : throw new KeySealingException(
                KeySealingError.ProviderUnavailable,
                slots.Count == 0
                    ? $"No token labelled '{_options.TokenLabel}' in PKCS#11 module {_options.ModulePath}."
                    : $"{slots.Count} tokens are labelled '{_options.TokenLabel}'; the label must be unique.");
    }

    private ISession OpenSession(ISlot slot)
    {
        var pinText = Environment.GetEnvironmentVariable(_options.PinEnvironmentVariable);
        if (string.IsNullOrEmpty(pinText))
        {
            throw new InvalidOperationException($"The PKCS#11 user PIN environment variable {_options.PinEnvironmentVariable} is not set.");
        }

        var session = slot.OpenSession(SessionType.ReadWrite);
        var pin = Encoding.UTF8.GetBytes(pinText);
        try
        {
            session.Login(CKU.CKU_USER, pin);
            return session;
        }
        catch (Pkcs11Exception ex) when (ex.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Login is per application and token: another provider on the same token already logged in.
            return session;
        }
        catch (Pkcs11Exception ex)
        {
            session.Dispose();
            throw new KeySealingException(KeySealingError.ProviderUnavailable, $"Login to PKCS#11 token '{_options.TokenLabel}' failed: {ex.RV}.", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pin);
        }
    }

    private byte[] WithGcm(byte[] nonce, ReadOnlyMemory<byte> associatedData, Func<IMechanism, byte[]> operation)
    {
        using var parameters = Factories.MechanismParamsFactory.CreateCkGcmParams(nonce, NonceSize * 8, associatedData.ToArray(), TagBits);
        using var mechanism = Factories.MechanismFactory.Create(CKM.CKM_AES_GCM, parameters);
        return operation(mechanism);
    }

    private byte[] Run(string operation, Func<ISession, IObjectHandle, byte[]> action)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _key ??= Pkcs11WrappingKey.FindAndVerify(_session, Factories, _options.KeyLabel);
            try
            {
                return action(_session, _key);
            }
            catch (Pkcs11Exception ex)
            {
                // A decryption the token refuses for a reason other than its own state means the wrapped key
                // or its associated data are wrong: SoftHSM 2.6.1 reports a GCM tag mismatch as CKR_GENERAL_ERROR.
                var error = operation == DecryptOperation && !IsTokenStateFailure(ex.RV)
                    ? KeySealingError.UnwrapFailed
                    : KeySealingError.ProviderUnavailable;
                throw new KeySealingException(error, $"The HSM refused to {operation} the data key under '{KeyReference}': {ex.RV}.", ex);
            }
        }
    }

    private static bool IsTokenStateFailure(CKR rv) => rv is CKR.CKR_SESSION_HANDLE_INVALID or CKR.CKR_SESSION_CLOSED
        or CKR.CKR_USER_NOT_LOGGED_IN or CKR.CKR_DEVICE_ERROR or CKR.CKR_DEVICE_MEMORY or CKR.CKR_DEVICE_REMOVED
        or CKR.CKR_TOKEN_NOT_PRESENT or CKR.CKR_HOST_MEMORY or CKR.CKR_CRYPTOKI_NOT_INITIALIZED or CKR.CKR_KEY_HANDLE_INVALID
        or CKR.CKR_OPERATION_ACTIVE or CKR.CKR_FUNCTION_CANCELED;
}
