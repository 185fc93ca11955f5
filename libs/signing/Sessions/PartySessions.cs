using System.Security.Cryptography;
using Custody.Domain.Signing;
using Custody.Ethereum;
using Custody.Keys.Sealing;
using Custody.Mpc.Curve;
using Custody.Mpc.Dkg;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing;
using Custody.Signing.Admission;
using Custody.Signing.Shares;

namespace Custody.Signing.Sessions;

/// <summary>
/// What one party does in a key ceremony and in a signing session once the transport of the session exists
/// (docs/signing.md): validate the ceremony and run the DKG, sealing the share and its own wallet record at once;
/// or, for an admitted signing invitation, unseal the share, run DKLs23 with its durable session ledger, and seal
/// the share again (an abort may have discarded a pair). The share is disposed (wiped) when the session ends.
/// </summary>
public sealed class PartySessions(string party, IShareStore shares, ISessionLedger ledger, ISigningLog signingLog, TimeProvider time)
{
    /// <summary>Limits of a ceremony (libs/mpc/SECURE_USAGE.md "Parameters").</summary>
    public const int MaxParties = KeyShare.MaxParties;

    /// <summary>Checks a ceremony invitation; returns every problem, empty when it may run.</summary>
    public async Task<IReadOnlyList<string>> CheckCeremonyAsync(KeygenInvitation invitation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        var problems = new List<string>();
        if (!SealingContext.TryCreate(invitation.WalletId, party, 1, out _, out var idError))
        {
            problems.Add("$.walletId: " + idError);
        }
        else if (await shares.FindWalletAsync(invitation.WalletId, ct).ConfigureAwait(false) is not null)
        {
            problems.Add($"$.walletId: {party} already holds a share of wallet {invitation.WalletId}");
        }

        var parties = invitation.Parties ?? new Dictionary<string, int>();
        if (parties.Count is < 2 or > MaxParties || parties.Values.Distinct().Count() != parties.Count || parties.Values.Any(id => !PartyId.TryCreate(id, out _)))
        {
            problems.Add($"$.parties: 2 to {MaxParties} parties with distinct ids in 1..65535");
        }

        if (!parties.ContainsKey(party))
        {
            problems.Add($"$.parties: {party} is not one of the parties");
        }

        if (invitation.Threshold < 2 || invitation.Threshold > parties.Count)
        {
            problems.Add("$.threshold: must be at least 2 and at most the number of parties");
        }

        if (invitation.ChainIds is not { Count: > 0 } chains || chains.Any(c => c == 0) || chains.Distinct().Count() != chains.Count)
        {
            problems.Add("$.chainIds: at least one chain id, non-zero, distinct");
        }

        if (!Hex.TryDecode(invitation.SessionId, out var session) || session.Length != 32)
        {
            problems.Add("$.sessionId: must be 0x hex of 32 bytes");
        }

        return problems;
    }

    /// <summary>
    /// Runs this party's side of the DKG and stores the share and record; call after <see cref="CheckCeremonyAsync"/>.
    /// <paramref name="identities"/> are this party's identity key and the keys pinned for the ceremony's parties: every
    /// protocol message is signed and verified (docs/mpc.md "Signed messages and provable blame").
    /// </summary>
    public async Task<KeygenResult> RunCeremonyAsync(KeygenInvitation invitation, PartyIdentities identities, IMpcTransport transport, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(identities);
        var problems = await CheckCeremonyAsync(invitation, ct).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(invitation));
        }

        var ids = invitation.Parties.Values.Order().Select(PartyId.Create).ToArray();
        using var share = await DistributedKeyGeneration.RunAsync(
            Hex.Decode(invitation.SessionId), PartyId.Create(invitation.Parties[party]), ids, invitation.Threshold, MpcRandom.Secure, transport, ct, identities).ConfigureAwait(false);
        var publicKey = share.PublicKey.Encode();
        var record = new PartyWalletRecord(
            invitation.WalletId, party, Convert.ToHexStringLower(share.KeyId), Convert.ToHexStringLower(publicKey),
            Address.FromPublicKey(publicKey).ToString(), share.Threshold, new Dictionary<string, int>(invitation.Parties), [.. invitation.ChainIds]);
        await shares.CreateAsync(share, record, ct).ConfigureAwait(false);
        return new KeygenResult(record.WalletId, record.KeyId, record.PublicKey, record.Address);
    }

    /// <summary>
    /// Signs as this party for an admitted invitation: returns the signature, which the caller verifies against the
    /// wallet's key before using it. The label and signing set are the invitation's, the hash is the one this party
    /// computed itself (<see cref="PartyAdmission.Decision.SigningHash"/>).
    /// </summary>
    public async Task<EcdsaSignature> SignAsync(SigningInvitation invitation, PartyAdmission.Decision admitted, PartyIdentities identities, IMpcTransport transport, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(admitted);
        if (!admitted.Admitted || admitted.Intent is null)
        {
            throw new InvalidOperationException("only an admitted invitation is signed");
        }

        // Before anything of this party's signature leaves it: only the transaction the log now holds may be signed
        // (docs/signing.md "Signing log"). The share is unsealed meanwhile (it stays in this process); it is wiped
        // unused when the log refuses.
        var slot = invitation.Transaction;
        var unsealing = shares.UnsealShareAsync(invitation.WalletId, ct);
        bool marked;
        try
        {
            marked = await signingLog.MarkContributedAsync(invitation.WalletId, slot.ChainId, slot.Nonce, admitted.SigningHash, time.GetUtcNow(), ct).ConfigureAwait(false);
        }
        catch
        {
            await WipeAsync(unsealing).ConfigureAwait(false);
            throw;
        }

        if (!marked)
        {
            await WipeAsync(unsealing).ConfigureAwait(false);
            throw new InvalidOperationException($"the signing log of {party} no longer holds this transaction for nonce {invitation.Transaction.Nonce}");
        }

        var share = await unsealing.ConfigureAwait(false);
        try
        {
            var signers = invitation.Signers.Select(PartyId.Create).ToArray();
            return await ThresholdSigning.RunAsync(share, Hex.Decode(invitation.SessionLabel), signers, admitted.SigningHash.Span.ToArray(), MpcRandom.Secure, ledger, transport, ct, identities).ConfigureAwait(false);
        }
        catch (MpcAbortException)
        {
            // The round discarded the culprit's pair in the share (and the ledger has it): keep the share's new state.
            await shares.UpdateShareAsync(invitation.WalletId, share, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        finally
        {
            share.Dispose();
        }
    }

    // A share unsealed for a session that will not run: wiped once the read finishes (a failed read leaves nothing).
    private static async Task WipeAsync(Task<KeyShare> unsealing)
    {
        try
        {
            (await unsealing.ConfigureAwait(false)).Dispose();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The session is refused anyway; the read's own error adds nothing to that refusal.
        }
    }
}
