using Custody.Ethereum;
using Custody.Mpc.Protocol;
using Custody.Parties.Channel;
using Custody.Signing.Admission;
using Custody.Signing.Sessions;
using Custody.Signing.Shares;
using Microsoft.Extensions.Logging;

namespace Custody.Signing.Coordination;

/// <summary>
/// A co-signer's answers to the coordinator's requests (docs/signing.md "Coordination"), over its link: challenges
/// from <see cref="CosignerNode.Challenge"/>, invitations decided by <see cref="CosignerNode.AdmitAsync"/> and, when
/// admitted, its side of the session; ceremonies checked and run by <see cref="PartySessions"/>. A session gets
/// <paramref name="sessionTimeout"/> at most: a coordinator that admits and then never runs the session ties up
/// nothing for long. Every failure is replied as an error with its reason (no secrets: the MPC and admission texts
/// carry none) and logged.
/// </summary>
public sealed partial class CosignerRequestHandler(CosignerNode node, PartySessions sessions, TimeSpan sessionTimeout, ILogger<CosignerRequestHandler> logger)
{
    public async Task HandleAsync(PartyLink link, PartyRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(request);
        using var span = PartyTelemetry.StartHandling(request, node.Party);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(sessionTimeout);
        try
        {
            switch (request.Kind)
            {
                case CoordinationKinds.Challenge:
                    var asked = CoordinationJson.Read(request.Body, CoordinationJsonContext.Default.ChallengeRequest);
                    var challenge = node.Challenge(asked.SessionLabel);
                    await ReplyAsync(link, request, CoordinationJson.Write(new ChallengeAnswer(Hex.Encode(challenge)), CoordinationJsonContext.Default.ChallengeAnswer), true, ct).ConfigureAwait(false);
                    break;
                case CoordinationKinds.Sign:
                    await SignAsync(link, request, deadline.Token).ConfigureAwait(false);
                    break;
                case CoordinationKinds.Keygen:
                    await CeremonyAsync(link, request, deadline.Token).ConfigureAwait(false);
                    break;
                default:
                    throw new CoordinationException($"unknown request kind {request.Kind}");
            }
        }
        catch (Exception e) when (e is CoordinationException or ArgumentException or InvalidOperationException or MpcAbortException or MpcTransportException or PartyChannelException or ShareStoreException or OperationCanceledException
            || deadline.IsCancellationRequested)
        {
            // A cancelled store call (a Firestore RPC) surfaces as its client's own exception: the cancellation names it.
            var reason = e switch
            {
                MpcAbortException abort => $"aborted: {abort.Message}",
                _ when ct.IsCancellationRequested => "the co-signer is stopping",
                _ when deadline.IsCancellationRequested => $"the session did not finish within {sessionTimeout.TotalSeconds:0} s",
                _ => e.Message,
            };
            LogFailed(request.Kind, request.Id, reason);
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, reason);
            await TryReplyAsync(link, request.Id, PartyReply.Failed(reason)).ConfigureAwait(false);
        }
    }

    private async Task SignAsync(PartyLink link, PartyRequest request, CancellationToken ct)
    {
        var invitation = CoordinationJson.Read(request.Body, SigningJsonContext.Default.SigningInvitation);
        var decision = await node.AdmitAsync(invitation, ct).ConfigureAwait(false);
        var answer = CoordinationJson.Write(decision.ToAnswer(), SigningJsonContext.Default.AdmissionAnswer);
        if (!decision.Admitted)
        {
            await ReplyAsync(link, request, answer, true, ct).ConfigureAwait(false);
            return;
        }

        // Admitted: the session's frames are queued from here on; say so, then take part.
        var signers = invitation.Signers.Select(PartyId.Create).ToArray();
        using var transport = link.OpenSession(Hex.Decode(invitation.SessionLabel), signers);
        await ReplyAsync(link, request, answer, false, ct).ConfigureAwait(false);
        var signature = await node.SignAsync(invitation, decision, link.Directory.IdentitiesFor(signers), transport, ct).ConfigureAwait(false);
        var outcome = new SigningOutcome(Hex.Encode(signature.ToCompact()), signature.RecoveryId);
        await ReplyAsync(link, request, CoordinationJson.Write(outcome, CoordinationJsonContext.Default.SigningOutcome), true, ct).ConfigureAwait(false);
    }

    private async Task CeremonyAsync(PartyLink link, PartyRequest request, CancellationToken ct)
    {
        var invitation = CoordinationJson.Read(request.Body, KeygenJsonContext.Default.KeygenInvitation);
        var problems = await sessions.CheckCeremonyAsync(invitation, ct).ConfigureAwait(false);
        var answer = CoordinationJson.Write(new CeremonyAnswer(problems.Count == 0, problems), CoordinationJsonContext.Default.CeremonyAnswer);
        if (problems.Count > 0)
        {
            LogCeremonyRefused(invitation.WalletId, string.Join("; ", problems));
            await ReplyAsync(link, request, answer, true, ct).ConfigureAwait(false);
            return;
        }

        var parties = invitation.Parties.Values.Select(PartyId.Create).ToArray();
        using var transport = link.OpenSession(Hex.Decode(invitation.SessionId), parties);
        await ReplyAsync(link, request, answer, false, ct).ConfigureAwait(false);
        var result = await sessions.RunCeremonyAsync(invitation, link.Directory.IdentitiesFor(parties), transport, ct).ConfigureAwait(false);
        LogCeremonyDone(result.WalletId, result.Address);
        await ReplyAsync(link, request, CoordinationJson.Write(result, KeygenJsonContext.Default.KeygenResult), true, ct).ConfigureAwait(false);
    }

    private static ValueTask ReplyAsync(PartyLink link, PartyRequest request, byte[] body, bool final, CancellationToken ct) =>
        link.ReplyAsync(request.Id, PartyReply.Answer(body, final), ct);

    private static async Task TryReplyAsync(PartyLink link, ulong id, PartyReply reply)
    {
        try
        {
            await link.ReplyAsync(id, reply, CancellationToken.None).ConfigureAwait(false);
        }
        catch (PartyChannelException)
        {
            // The link is down: the coordinator's call fails on its own.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} request {Id} failed: {Reason}")]
    private partial void LogFailed(string kind, ulong id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused the key ceremony of wallet {WalletId}: {Problems}")]
    private partial void LogCeremonyRefused(string walletId, string problems);

    [LoggerMessage(Level = LogLevel.Information, Message = "Key ceremony of wallet {WalletId} done: address {Address}; share and wallet record sealed")]
    private partial void LogCeremonyDone(string walletId, string address);
}
