using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Custody.Gcp.Audit;
using Custody.Ethereum;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing;
using Custody.Signing.Admission;
using Custody.Signing.Ledger;
using Microsoft.Extensions.Logging;

namespace Custody.Signing.Sessions;

/// <summary>
/// A co-signer's answers to the signer (docs/signing.md "Signing sessions"), whatever carries them: a challenge per
/// session label, then the admission decision on the invitation for that label, then, if admitted, its side of the
/// DKLs23 session; or its side of a key ceremony. A challenge is used once and expires; an invitation for a label
/// this node issued no challenge for is refused. Every decision is logged with its codes and appended to the party's
/// hash-chained audit log (its own database) before it is answered; a decision reached at the signing log commits its
/// audit entry in the same Firestore commit as the log's record (<see cref="FirestoreSigningLog.RecordAuditedAsync"/>).
/// <paramref name="signingLog"/> and <paramref name="audit"/> are on the party's one database, the log the one
/// <paramref name="admission"/> and <paramref name="sessions"/> use.
/// </summary>
public sealed partial class CosignerNode(
    string party, PartyAdmission admission, PartySessions sessions, FirestoreSigningLog signingLog, AuditLog audit, TimeProvider time, ILogger<CosignerNode> logger)
{
    /// <summary>How long a challenge waits for its invitation.</summary>
    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(2);

    /// <summary>Most open challenges at once; more is a flooding coordinator.</summary>
    public const int MaxOpenChallenges = 1024;

    private readonly ConcurrentDictionary<string, (byte[] Challenge, DateTimeOffset Expires)> _challenges = new(StringComparer.Ordinal);

    public string Party => party;

    /// <summary>A fresh challenge for the session <paramref name="sessionLabel"/> (hex), to be bound into the signer's token.</summary>
    public byte[] Challenge(string sessionLabel)
    {
        if (!Hex.TryDecode(sessionLabel, out var label) || label.Length is < 16 or > 64)
        {
            throw new ArgumentException("a session label is 0x hex of 16 to 64 bytes", nameof(sessionLabel));
        }

        var now = time.GetUtcNow();
        foreach (var stale in _challenges.Where(c => c.Value.Expires <= now).Select(c => c.Key).ToList())
        {
            _challenges.TryRemove(stale, out _);
        }

        if (_challenges.Count >= MaxOpenChallenges)
        {
            throw new InvalidOperationException($"{party} has {MaxOpenChallenges} open challenges; refusing more");
        }

        var challenge = AttestationBinding.NewChallenge();
        if (!_challenges.TryAdd(Hex.Encode(label), (challenge, now + ChallengeLifetime)))
        {
            throw new InvalidOperationException($"{party} already issued a challenge for session {Hex.Encode(label)}");
        }

        return challenge;
    }

    /// <summary>Decides on <paramref name="invitation"/>; the challenge of its label is consumed whatever the outcome.</summary>
    public async Task<PartyAdmission.Decision> AdmitAsync(SigningInvitation invitation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        var key = Hex.TryDecode(invitation.SessionLabel, out var label) ? Hex.Encode(label) : "";
        if (!_challenges.TryRemove(key, out var issued) || issued.Expires <= time.GetUtcNow())
        {
            var refused = new PartyAdmission.Decision(
                [new(AdmissionCodes.MalformedInvitation, $"{party} issued no open challenge for session {invitation.SessionLabel}")], default, null, null);
            LogRefused(invitation.WalletId, invitation.SessionLabel, AdmissionCodes.MalformedInvitation);
            await AuditAsync(invitation, refused, ct).ConfigureAwait(false);
            return refused;
        }

        // The signing log is the last check: when it is reached, the decision is its outcome and is audited in its commit.
        var auditedWithLog = false;
        var decision = await admission.DecideAsync(invitation, issued.Challenge, (attempt, cap, now, token) =>
        {
            auditedWithLog = true;
            return signingLog.RecordAuditedAsync(attempt, cap, now, audit, refusal => refusal is null
                ? AdmittedRecord(invitation, attempt.RequestId, attempt.SigningHash)
                : RefusedRecord(invitation, attempt.RequestId, [refusal.Code]), token);
        }, ct).ConfigureAwait(false);
        if (!auditedWithLog)
        {
            await AuditAsync(invitation, decision, ct).ConfigureAwait(false);
        }

        if (decision.Admitted)
        {
            LogAdmitted(invitation.WalletId, invitation.SessionLabel, decision.SigningHash.ToString(), invitation.Transaction.Nonce);
        }
        else
        {
            LogRefused(invitation.WalletId, invitation.SessionLabel, string.Join(",", decision.Refusals.Select(r => r.Code).Distinct()));
        }

        return decision;
    }

    /// <summary>This party's side of the signing session of an admitted invitation.</summary>
    public Task<EcdsaSignature> SignAsync(SigningInvitation invitation, PartyAdmission.Decision admitted, PartyIdentities identities, IMpcTransport transport, CancellationToken ct) =>
        sessions.SignAsync(invitation, admitted, identities, transport, ct);

    /// <summary>One audit entry per decision: the codes and the transaction's slot, never key material or whole payloads.</summary>
    private Task AuditAsync(SigningInvitation invitation, PartyAdmission.Decision decision, CancellationToken ct)
    {
        var requestId = decision.Intent?.RequestId ?? "";
        var record = decision.Admitted
            ? AdmittedRecord(invitation, requestId, decision.SigningHash)
            : RefusedRecord(invitation, requestId, decision.Refusals.Select(r => r.Code));
        return audit.AppendAsync(record, ct);
    }

    private AuditRecord AdmittedRecord(SigningInvitation invitation, string requestId, Bytes32 signingHash)
    {
        var details = SlotDetails(invitation);
        details["signingHash"] = signingHash.ToString();
        return Record("signing-admitted", requestId, details);
    }

    private AuditRecord RefusedRecord(SigningInvitation invitation, string requestId, IEnumerable<string> codes)
    {
        var details = SlotDetails(invitation);
        details["codes"] = Clip(string.Join(",", codes.Distinct()));
        return Record("signing-refused", requestId, details);
    }

    private static Dictionary<string, string> SlotDetails(SigningInvitation invitation) => new(StringComparer.Ordinal)
    {
        ["walletId"] = Clip(invitation.WalletId),
        ["sessionLabel"] = Clip(invitation.SessionLabel),
        ["nonce"] = invitation.Transaction?.Nonce.ToString(CultureInfo.InvariantCulture) ?? "",
    };

    private AuditRecord Record(string action, string requestId, Dictionary<string, string> details) =>
        new(party, action, Clip(requestId), Activity.Current?.TraceId.ToString() ?? "", details);

    // Audit texts are bounded (AuditRecord); what the signer sent may be longer and is cut, not refused.
    private static string Clip(string? text) => text is null ? "" : text.Length <= 256 ? text : text[..256];

    [LoggerMessage(Level = LogLevel.Information, Message = "Admitted signing session {SessionLabel} for wallet {WalletId}: nonce {Nonce}, signing hash {SigningHash}")]
    private partial void LogAdmitted(string walletId, string sessionLabel, string signingHash, ulong nonce);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused signing session {SessionLabel} for wallet {WalletId}: {Codes}")]
    private partial void LogRefused(string walletId, string sessionLabel, string codes);
}
