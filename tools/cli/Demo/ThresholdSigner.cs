using System.Security.Cryptography;
using Custody.Cli.Commands;
using Custody.Ethereum;
using Custody.Ethereum.Signing;
using Custody.Ethereum.Transactions;
using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing;

namespace Custody.Cli.Demo;

/// <summary>
/// DKLs23 threshold signing between two agreeing parties (every message serialised, docs/mpc.md), then the
/// MPC signature as an Ethereum signature (low-s normalised) and the signed raw transaction, whose recovered sender
/// must be the wallet.
/// </summary>
internal static class ThresholdSigner
{
    public static SignedTransaction Sign(
        DynamicFeeTransaction transaction, Address wallet, IReadOnlyList<(SigningParty Party, KeyShare Share, Bytes32 Hash)> agreed)
    {
        var hash = agreed[0].Hash;
        if (agreed.Any(a => a.Hash != hash))
        {
            throw new DemoException("The signing parties computed different signing hashes.");
        }

        var signers = agreed.Select(a => a.Party.Vault.Id).ToArray();
        var shares = agreed.ToDictionary(a => a.Party.Vault.Id, a => a.Share);
        var session = RandomNumberGenerator.GetBytes(32);
        // The demo's parties live for one process: in-memory ledgers (a service keeps its ledger durably, SECURE_USAGE.md).
        var ledgers = signers.ToDictionary(p => p, _ => new InMemorySessionLedger());
        var run = LockstepRun.Execute<EcdsaSignature>(signers, p => ThresholdSigning.Start(shares[p], session, signers, hash.ToArray(), MpcRandom.Secure, ledgers[p]));
        var mpc = run.Outputs[signers[0]];
        if (run.Outputs.Values.Any(s => !s.ToCompact().AsSpan().SequenceEqual(mpc.ToCompact())))
        {
            throw new DemoException("The signing parties output different signatures.");
        }

        Narration.Line($"DKLs23 between {string.Join(" and ", agreed.Select(a => $"{a.Party.Name} ({a.Party.Vault.Id})"))}: {run.Bytes} bytes exchanged, {string.Join(", ", run.ComputeMs.Select(c => $"{c.Key} {c.Value:0} ms"))}");
        var signature = Signature.CreateNormalized(UInt256.Create(mpc.R), UInt256.Create(mpc.S), mpc.RecoveryId);
        var signed = transaction.WithSignature(signature);
        var sender = signed.RecoverSender();
        if (sender != wallet)
        {
            throw new DemoException($"The signature recovers to {sender}, not the wallet {wallet}.");
        }

        Narration.Line($"signature r={signature.R.ToHexQuantity()} s={signature.S.ToHexQuantity()} yParity={signature.YParity}");
        Narration.Line($"recovered sender {sender} = wallet address");
        return signed;
    }
}
