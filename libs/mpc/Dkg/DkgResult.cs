using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Multiplication;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Dkg;

/// <summary>What DKG round 2 computed, held until the round-3 confirmations and base OT complete.</summary>
internal sealed class DkgResult(
    byte[] keyId,
    Scalar secretShare,
    Point publicKey,
    Dictionary<PartyId, Point> publicShares,
    byte[] chainCode,
    Dictionary<PartyId, byte[]> zeroSeeds) : IDisposable
{
    public byte[] KeyId { get; } = keyId;

    public Scalar SecretShare { get; private set; } = secretShare;

    public Point PublicKey { get; } = publicKey;

    public Dictionary<PartyId, Point> PublicShares { get; } = publicShares;

    public byte[] ChainCode { get; } = chainCode;

    public Dictionary<PartyId, byte[]> ZeroSeeds { get; } = zeroSeeds;

    /// <summary>The RVOLE setups from base OT, per counterpart; handed over to the key share (then not disposed here).</summary>
    public Dictionary<PartyId, (MulSenderSetup Sender, MulReceiverSetup Receiver)> Setups { get; } = [];

    public void HandOverSetups() => Setups.Clear();

    public void Dispose()
    {
        SecretShare = Scalar.Zero;
        foreach (var seed in ZeroSeeds.Values)
        {
            CryptographicOperations.ZeroMemory(seed);
        }

        foreach (var (sender, receiver) in Setups.Values)
        {
            sender.Dispose();
            receiver.Dispose();
        }

        Setups.Clear();
    }
}
