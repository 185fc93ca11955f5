namespace Custody.Keys.Sealing;

/// <summary>Boundary checks every key-encryption provider applies to its inputs (they are public entry points too).</summary>
internal static class ProviderGuards
{
    /// <summary>Throws unless <paramref name="dataKey"/> is a 256-bit key.</summary>
    public static void RequireDataKey(ReadOnlyMemory<byte> dataKey)
    {
        if (dataKey.Length != KeySealer.DataKeySize)
        {
            throw new ArgumentException($"The data key must be {KeySealer.DataKeySize} bytes.", nameof(dataKey));
        }
    }

    /// <summary>Throws <see cref="KeySealingError.KeyReferenceMismatch"/> unless <paramref name="provider"/> wrapped <paramref name="wrappedKey"/>.</summary>
    public static void RequireOwnKey(IKeyEncryptionProvider provider, WrappedDataKey wrappedKey)
    {
        ArgumentNullException.ThrowIfNull(wrappedKey);
        if (wrappedKey.ProviderId != provider.ProviderId)
        {
            throw new KeySealingException(KeySealingError.ProviderMismatch, $"The data key was wrapped by provider {wrappedKey.ProviderId}, not {provider.ProviderId}.");
        }

        if (wrappedKey.KeyReference != provider.KeyReference)
        {
            throw new KeySealingException(KeySealingError.KeyReferenceMismatch, $"The data key was wrapped under '{wrappedKey.KeyReference}', not '{provider.KeyReference}'.");
        }
    }
}
