using Custody.Mpc.Keys;

namespace Custody.Mpc.Derivation;

/// <summary>
/// Signing under a BIP-32 child of the wallet key (docs/mpc.md "BIP-32 derivation"): every party derives the path's
/// tweak from the wallet's master extended public key (public data, the same at every party) and signs with
/// <see cref="KeyShare.WithTweak"/>. The derived public key enters the signing request digest, so parties given
/// different paths abort in round 0 before any pairwise step.
/// </summary>
public static class DerivedSigningKey
{
    /// <summary>
    /// The share for signing under <paramref name="path"/> (dispose it after the signing; the wallet share stays
    /// usable). Checks, as MPC.md item 11 requires, that the result's public key is the CKDpub child key
    /// K + tweak*G before returning it.
    /// </summary>
    public static KeyShare ForPath(KeyShare walletShare, DerivationPath path, ExtendedKeyNetwork network = ExtendedKeyNetwork.Mainnet)
    {
        ArgumentNullException.ThrowIfNull(walletShare);
        ArgumentNullException.ThrowIfNull(path);
        if (walletShare.IsDerived)
        {
            throw new ArgumentException("derive from the wallet's share, not from an already derived one", nameof(walletShare));
        }

        var (child, tweak) = ExtendedPublicKey.ForKey(walletShare, network).Derive(path);
        var derived = walletShare.WithTweak(tweak);
        if (derived.PublicKey != child.PublicKey)
        {
            derived.Dispose();
            throw new InvalidOperationException("the tweaked share's public key differs from the CKDpub child key");
        }

        return derived;
    }
}
