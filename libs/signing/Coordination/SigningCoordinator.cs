using System.Diagnostics;
using System.Security.Cryptography;
using Custody.Ethereum;
using Custody.Ethereum.Signing;
using Custody.Ethereum.Transactions;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing;
using Custody.Parties.Channel;
using Custody.Signing.Admission;
using Custody.Signing.Sessions;
using Custody.Signing.Shares;
using Microsoft.Extensions.Logging;

namespace Custody.Signing.Coordination;

/// <summary>
/// The signer's side of a signing session (docs/signing.md "Coordination"): it decides on the request itself
/// (every check a co-signer makes but the attestation token, <see cref="PartyAdmission.DecideAsCoordinatorAsync"/>),
/// picks connected co-signers for the threshold, asks each for a challenge, binds its attestation token to that
/// challenge, this session, the intent and the signing hash, invites them, and runs DKLs23 with those that admit it.
/// A co-signer that refuses, is unreachable, fails or is blamed by a protocol check is left out and the session is
/// tried again under a new label with another one, until no set is left. Every attempt is reported.
/// </summary>
public sealed partial class SigningCoordinator(
    string party,
    PartyHub hub,
    IShareStore shares,
    PartyAdmission admission,
    PartySessions sessions,
    ISessionAttester attester,
    CoordinatorSettings settings,
    ILogger<SigningCoordinator> logger)
{
    /// <summary>The signed transaction (its sender checked to be the wallet), the parties that signed it, what happened on the way and where the time went.</summary>
    public sealed record Result(SignedTransaction Transaction, Bytes32 SigningHash, IReadOnlyList<string> Signers, IReadOnlyList<CosignerAttempt> Attempts, SessionTimings Timings);

    public async Task<Result> SignAsync(string walletId, string approvedEventJson, UnsignedTransaction transaction, CancellationToken ct)
    {
        var wallet = await shares.FindWalletAsync(walletId, ct).ConfigureAwait(false)
            ?? throw new SigningRefusedException($"{party} holds no share of wallet {walletId}", [new(AdmissionCodes.UnknownWallet, $"{party} holds no share of wallet {walletId}")]);
        var attempts = new List<CosignerAttempt>();
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        var timings = new SessionTimings(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        while (true)
        {
            var connected = hub.Connected.ToHashSet();
            var chosen = wallet.Parties.Where(p => p.Key != party && !excluded.Contains(p.Key) && connected.Contains(PartyId.Create(p.Value)))
                .OrderBy(p => p.Value).Take(wallet.Threshold - 1).ToList();
            if (chosen.Count < wallet.Threshold - 1)
            {
                var missing = wallet.Parties.Keys.Where(p => p != party && !excluded.Contains(p) && !connected.Contains(PartyId.Create(wallet.Parties[p])));
                attempts.AddRange(missing.Select(p => new CosignerAttempt(p, CosignerOutcome.Unreachable, "not connected to the coordinator")));
                throw new SigningUnavailableException(
                    $"wallet {walletId} needs {wallet.Threshold - 1} co-signers and fewer are left: {string.Join("; ", attempts)}", attempts);
            }

            var label = RandomNumberGenerator.GetBytes(32);
            var signers = chosen.Select(p => p.Value).Append(wallet.Parties[party]).Order().ToArray();
            var invitation = new SigningInvitation(Hex.Encode(label), walletId, signers, approvedEventJson, transaction, "");
            var checking = Stopwatch.GetTimestamp();
            var own = await admission.DecideAsCoordinatorAsync(invitation, ct).ConfigureAwait(false);
            if (!own.Admitted)
            {
                throw new SigningRefusedException($"{party} refuses to sign: {string.Join("; ", own.Refusals)}", own.Refusals);
            }

            var invited = await Task.WhenAll(chosen.Select(c => InviteAsync(c.Key, PartyId.Create(c.Value), invitation, own, label, ct))).ConfigureAwait(false);
            timings = timings.Add(new(Stopwatch.GetElapsedTime(checking), TimeSpan.Zero, TimeSpan.Zero));
            try
            {
                var failed = invited.Where(i => i.Failure is not null).Select(i => i.Failure!).ToList();
                if (failed.Count > 0)
                {
                    Exclude(failed, attempts, excluded);
                    continue;
                }

                var (signature, spent) = await RunAsync(invitation, own, signers, invited, attempts, excluded, ct).ConfigureAwait(false);
                timings = timings.Add(spent);
                if (signature is not null)
                {
                    var signed = Verified(wallet, transaction, signature);
                    LogSigned(walletId, transaction.Nonce, string.Join(", ", invited.Select(i => i.Party)), attempts.Count);
                    return new Result(signed, own.SigningHash, [party, .. invited.Select(i => i.Party)], attempts, timings);
                }
            }
            finally
            {
                foreach (var i in invited)
                {
                    i.Call?.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// The signature on the transaction, whose sender must recover to the wallet's own address (the signer's record,
    /// not the Firestore wallet document): DKLs23 already checks the signature, and this checks it is the wallet's.
    /// </summary>
    private static SignedTransaction Verified(PartyWalletRecord wallet, UnsignedTransaction fields, EcdsaSignature mpc)
    {
        var refusals = new List<AdmissionRefusal>();
        var transaction = InvitationTransaction.TryBuild(fields, refusals) ?? throw new SigningRefusedException("the transaction does not build", refusals);
        var signed = transaction.WithSignature(Signature.CreateNormalized(UInt256.Create(mpc.R), UInt256.Create(mpc.S), mpc.RecoveryId));
        var sender = signed.RecoverSender();
        return sender == Address.Parse(wallet.Address)
            ? signed
            : throw new InvalidOperationException($"the signature recovers to {sender}, not to wallet {wallet.WalletId}'s address {wallet.Address}");
    }

    /// <summary>
    /// Runs the session and says how long it computed and waited; the signature is null when the session failed
    /// because of a co-signer (recorded and excluded), so another set is tried.
    /// </summary>
    private async Task<(EcdsaSignature? Signature, SessionTimings Spent)> RunAsync(
        SigningInvitation invitation, PartyAdmission.Decision own, int[] signers, Invited[] invited, List<CosignerAttempt> attempts, HashSet<string> excluded, CancellationToken ct)
    {
        var ids = signers.Select(PartyId.Create).ToArray();
        using var session = CancellationTokenSource.CreateLinkedTokenSource(ct);
        session.CancelAfter(settings.SessionTimeout);
        using var channel = hub.OpenSession(Hex.Decode(invitation.SessionLabel), ids);
        var transport = new WaitTimingTransport(channel);
        var started = Stopwatch.GetTimestamp();
        SessionTimings Spent()
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            return new(TimeSpan.Zero, elapsed - transport.Waiting, transport.Waiting);
        }

        // A co-signer whose side fails says so in its final reply: the session stops then instead of waiting it out.
        var reported = invited.Select(i => WatchAsync(i, session)).ToArray();
        try
        {
            var signature = await sessions.SignAsync(invitation, own, hub.Directory.IdentitiesFor(ids), transport, session.Token).ConfigureAwait(false);
            return (signature, Spent());
        }
        catch (MpcAbortException abort)
        {
            var names = abort.Suspects.Select(s => invited.FirstOrDefault(i => i.Id == s)?.Party).OfType<string>().ToList();
            LogAborted(invitation.WalletId, abort.Message, string.Join(", ", names));
            var blamed = names.Count > 0 ? names : [.. invited.Select(i => i.Party)];
            Exclude(blamed.Select(n => new CosignerAttempt(n, CosignerOutcome.Blamed, abort.Message, abort.Evidence is not null)), attempts, excluded);
            return (null, Spent());
        }
        catch (Exception e) when (!ct.IsCancellationRequested && (e is MpcTransportException || session.IsCancellationRequested))
        {
            // A co-signer's failure cancels the session; whatever the signer's side was awaiting (an MPC round, a
            // Firestore RPC of its ledger or signing log) then ends with its own exception.
            session.Cancel();
            var failures = (await Task.WhenAll(reported).ConfigureAwait(false)).OfType<CosignerAttempt>().ToList();
            if (failures.Count == 0)
            {
                failures = [.. invited.Select(i => new CosignerAttempt(i.Party, CosignerOutcome.Failed, e is OperationCanceledException ? $"the session did not finish within {settings.SessionTimeout.TotalSeconds:0} s" : e.Message))];
            }

            Exclude(failures, attempts, excluded);
            return (null, Spent());
        }
    }

    private static async Task<CosignerAttempt?> WatchAsync(Invited invited, CancellationTokenSource session)
    {
        try
        {
            var reply = await invited.Call!.FinalAsync(session.Token).ConfigureAwait(false);
            if (reply.Error is null)
            {
                return null;
            }

            await session.CancelAsync().ConfigureAwait(false);
            return new CosignerAttempt(invited.Party, CosignerOutcome.Failed, reply.Error);
        }
        catch (PartyChannelException e)
        {
            await session.CancelAsync().ConfigureAwait(false);
            return new CosignerAttempt(invited.Party, CosignerOutcome.Unreachable, e.Message);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Challenge, token, invitation: the co-signer's first answer says whether it joins.</summary>
    private async Task<Invited> InviteAsync(string name, PartyId id, SigningInvitation invitation, PartyAdmission.Decision own, byte[] label, CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(settings.RequestTimeout);
        PartyCall? call = null;
        try
        {
            byte[] challenge;
            using (var asked = hub.Ask(id, CoordinationKinds.Challenge, CoordinationJson.Write(new ChallengeRequest(invitation.SessionLabel), CoordinationJsonContext.Default.ChallengeRequest)))
            {
                var reply = await asked.FinalAsync(wait.Token).ConfigureAwait(false);
                if (reply.Error is not null)
                {
                    return Invited.Failed(name, id, CosignerOutcome.Failed, reply.Error);
                }

                var answer = CoordinationJson.Read(reply.Body, CoordinationJsonContext.Default.ChallengeAnswer);
                if (!Hex.TryDecode(answer.Challenge, out challenge) || challenge.Length != AttestationBinding.ChallengeLength)
                {
                    return Invited.Failed(name, id, CosignerOutcome.Failed, "its challenge is not 32 bytes of hex");
                }
            }

            var token = await attester.TokenAsync(AttestationBinding.Nonce(label, own.Intent!.Hash, own.SigningHash, challenge), ct).ConfigureAwait(false);
            var body = CoordinationJson.Write(invitation with { AttestationToken = token }, SigningJsonContext.Default.SigningInvitation);
            call = hub.Ask(id, CoordinationKinds.Sign, body);
            var first = await call.ReadAsync(wait.Token).ConfigureAwait(false);
            if (first.Error is not null)
            {
                call.Dispose();
                return Invited.Failed(name, id, CosignerOutcome.Failed, first.Error);
            }

            var admitted = CoordinationJson.Read(first.Body, SigningJsonContext.Default.AdmissionAnswer);
            if (!admitted.Admitted || first.Final)
            {
                call.Dispose();
                var codes = string.Join("; ", admitted.Refusals);
                LogRefused(name, invitation.WalletId, codes);
                return Invited.Failed(name, id, CosignerOutcome.Refused, codes.Length > 0 ? codes : "refused without a reason");
            }

            return new Invited(name, id, call, null);
        }
        catch (Exception e) when (e is PartyChannelException or CoordinationException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            call?.Dispose();
            var outcome = e is PartyChannelException ? CosignerOutcome.Unreachable : CosignerOutcome.Failed;
            return Invited.Failed(name, id, outcome, e is OperationCanceledException ? $"no answer within {settings.RequestTimeout.TotalSeconds:0} s" : e.Message);
        }
    }

    private void Exclude(IEnumerable<CosignerAttempt> failed, List<CosignerAttempt> attempts, HashSet<string> excluded)
    {
        foreach (var attempt in failed)
        {
            attempts.Add(attempt);
            excluded.Add(attempt.Party);
            LogLeftOut(attempt.Party, attempt.Outcome.ToString(), attempt.Detail);
        }
    }

    private sealed record Invited(string Party, PartyId Id, PartyCall? Call, CosignerAttempt? Failure)
    {
        public static Invited Failed(string party, PartyId id, CosignerOutcome outcome, string detail) => new(party, id, null, new(party, outcome, detail));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed nonce {Nonce} of wallet {WalletId} with {Cosigners} after {Failures} failed co-signer attempts")]
    private partial void LogSigned(string walletId, ulong nonce, string cosigners, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Co-signer {Party} refused a session of wallet {WalletId}: {Codes}")]
    private partial void LogRefused(string party, string walletId, string codes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A session of wallet {WalletId} aborted: {Reason}; blamed: {Blamed}")]
    private partial void LogAborted(string walletId, string reason, string blamed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Co-signer {Party} left out of this request ({Outcome}): {Detail}")]
    private partial void LogLeftOut(string party, string outcome, string detail);
}
