using System.Security.Cryptography;
using Custody.Cli.Commands;
using Custody.Ethereum;
using Custody.Mpc.Curve;
using Custody.Mpc.Dkg;
using Custody.Mpc.Keys;

namespace Custody.Cli.Demo;

/// <summary>
/// Step 2: a 2-of-3 DKG between the signer and the two co-signers (every message serialised, docs/mpc.md); each party
/// seals its own share at once. No party, and no moment of the ceremony, ever holds the full private key.
/// </summary>
internal static class KeyCeremony
{
    public const int Threshold = 2;

    public static async Task<DemoWallet> RunAsync(string walletId, IReadOnlyList<PartyVault> parties, CancellationToken ct)
    {
        var ids = parties.Select(p => p.Id).ToArray();
        var session = RandomNumberGenerator.GetBytes(32);
        var run = LockstepRun.Execute(ids, p => DistributedKeyGeneration.Start(session, p, ids, Threshold, MpcRandom.Secure));
        try
        {
            var publicKey = run.Outputs[ids[0]].PublicKey.Encode();
            if (run.Outputs.Values.Any(s => !s.PublicKey.Encode().AsSpan().SequenceEqual(publicKey)))
            {
                throw new DemoException("The DKG parties disagree on the public key.");
            }

            Narration.Line($"DKG {Threshold}-of-{ids.Length}: {string.Join(", ", parties.Select(p => $"{p.Name} = {p.Id}"))}; {run.Bytes} bytes exchanged");
            foreach (var party in parties)
            {
                await party.SealAsync(run.Outputs[party.Id], ct).ConfigureAwait(false);
                Narration.Line($"{party.Name,-10} share sealed: {party.SealedLength} bytes, context {party.Context.WalletId}/{party.Context.PartyId}/v{party.Context.KeyVersion}, KEK {party.KeyReference}");
            }

            var wallet = new DemoWallet(walletId, publicKey, Address.FromPublicKey(publicKey), "0x" + Convert.ToHexStringLower(run.Outputs[ids[0]].KeyId));
            Narration.Line($"wallet {walletId}: key id {wallet.KeyId}");
            Narration.Line($"public key {"0x" + Convert.ToHexStringLower(publicKey)}");
            Narration.Line($"address    {wallet.Address}");
            return wallet;
        }
        finally
        {
            foreach (var share in run.Outputs.Values)
            {
                share.Dispose();
            }
        }
    }
}
