using System.Security.Cryptography;
using Custody.Ethereum;
using Custody.Mpc.Protocol;
using Custody.Parties.Channel;
using Custody.Signing.Sessions;
using Microsoft.Extensions.Logging;

namespace Custody.Signing.Coordination;

/// <summary>
/// The signer's side of a wallet's key ceremony (docs/signing.md "Key ceremony"): every party of the wallet must be
/// connected; each is invited under a fresh session id and checks the invitation itself (a party that already holds
/// the wallet, or is not named, refuses with its problems); when all accept, the signer runs its own side of the DKG
/// beside them over the party hub, and every party's reported result must equal the signer's own. Nothing is
/// retried: a ceremony that fails leaves no wallet to register, and the operator runs it again under a new id.
/// </summary>
public sealed partial class KeyCeremonyCoordinator(string party, PartyHub hub, PartySessions sessions, CoordinatorSettings settings, ILogger<KeyCeremonyCoordinator> logger)
{
    /// <summary>Runs the ceremony; <paramref name="parties"/> maps every party's name (this one included) to its MPC party id.</summary>
    public async Task<KeygenResult> RunAsync(string walletId, int threshold, IReadOnlyDictionary<string, int> parties, IReadOnlyList<ulong> chainIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parties);
        var invitation = new KeygenInvitation(walletId, threshold, parties, chainIds, Hex.Encode(RandomNumberGenerator.GetBytes(32)));
        var own = await sessions.CheckCeremonyAsync(invitation, ct).ConfigureAwait(false);
        if (own.Count > 0)
        {
            throw new CeremonyFailedException($"{party} refuses the ceremony: {string.Join("; ", own)}");
        }

        var others = parties.Where(p => p.Key != party).OrderBy(p => p.Value).ToList();
        var missing = others.Where(p => !hub.Connected.Contains(PartyId.Create(p.Value))).Select(p => p.Key).ToList();
        if (missing.Count > 0)
        {
            throw new CeremonyFailedException($"every party must be connected for the ceremony; not connected: {string.Join(", ", missing)}");
        }

        var body = CoordinationJson.Write(invitation, KeygenJsonContext.Default.KeygenInvitation);
        var calls = new List<(string Name, PartyCall Call)>();
        try
        {
            foreach (var other in others)
            {
                calls.Add((other.Key, hub.Ask(PartyId.Create(other.Value), CoordinationKinds.Keygen, body)));
            }

            await AcceptedAsync(calls, ct).ConfigureAwait(false);
            var ids = parties.Values.Order().Select(PartyId.Create).ToArray();
            using var session = CancellationTokenSource.CreateLinkedTokenSource(ct);
            session.CancelAfter(settings.SessionTimeout);
            using var transport = hub.OpenSession(Hex.Decode(invitation.SessionId), ids);
            var reported = calls.Select(c => ResultAsync(c.Name, c.Call, session)).ToList();
            KeygenResult result;
            try
            {
                result = await sessions.RunCeremonyAsync(invitation, hub.Directory.IdentitiesFor(ids), transport, session.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is MpcAbortException or MpcTransportException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                await session.CancelAsync().ConfigureAwait(false);
                var said = (await Task.WhenAll(reported).ConfigureAwait(false)).Select(r => r.Error).OfType<string>();
                throw new CeremonyFailedException($"the ceremony of wallet {walletId} failed: {Describe(e)}{string.Concat(said.Select(r => "; " + r))}", e);
            }

            var theirs = await Task.WhenAll(reported).ConfigureAwait(false);
            var failed = theirs.Where(t => t.Error is not null).Select(t => t.Error).ToList();
            if (failed.Count > 0)
            {
                throw new CeremonyFailedException($"the ceremony of wallet {walletId} failed at {string.Join("; ", failed)}: do not use the wallet");
            }

            var differing = theirs.Where(t => t.Result != result).Select(t => t.Name).ToList();
            if (differing.Count > 0)
            {
                throw new CeremonyFailedException($"the ceremony of wallet {walletId} ended with a different key at {string.Join(", ", differing)}: do not use the wallet");
            }

            LogDone(walletId, result.Address, threshold, string.Join(", ", parties.Keys.Order()));
            return result;
        }
        finally
        {
            foreach (var (_, call) in calls)
            {
                call.Dispose();
            }
        }
    }

    /// <summary>Every party's first answer must accept; all refusals are gathered.</summary>
    private async Task AcceptedAsync(List<(string Name, PartyCall Call)> calls, CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(settings.RequestTimeout);
        var answers = await Task.WhenAll(calls.Select(async c =>
        {
            try
            {
                var first = await c.Call.ReadAsync(wait.Token).ConfigureAwait(false);
                if (first.Error is not null)
                {
                    return $"{c.Name}: {first.Error}";
                }

                var answer = CoordinationJson.Read(first.Body, CoordinationJsonContext.Default.CeremonyAnswer);
                return answer.Accepted && !first.Final ? null : $"{c.Name} refuses: {string.Join("; ", answer.Problems)}";
            }
            catch (Exception e) when (e is PartyChannelException or CoordinationException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                return $"{c.Name}: {(e is OperationCanceledException ? $"no answer within {settings.RequestTimeout.TotalSeconds:0} s" : e.Message)}";
            }
        })).ConfigureAwait(false);
        var refusals = answers.OfType<string>().ToList();
        if (refusals.Count > 0)
        {
            throw new CeremonyFailedException($"the ceremony cannot start: {string.Join("; ", refusals)}");
        }
    }

    /// <summary>
    /// A party's final result, or what it said instead; a party whose side failed ends the session at once instead of
    /// letting it time out. Never throws: every party's outcome is reported.
    /// </summary>
    private static async Task<(string Name, KeygenResult? Result, string? Error)> ResultAsync(string name, PartyCall call, CancellationTokenSource session)
    {
        string error;
        try
        {
            var reply = await call.FinalAsync(session.Token).ConfigureAwait(false);
            if (reply.Error is null)
            {
                return (name, CoordinationJson.Read(reply.Body, KeygenJsonContext.Default.KeygenResult), null);
            }

            error = $"{name}: {reply.Error}";
        }
        catch (Exception e) when (e is PartyChannelException or CoordinationException)
        {
            error = $"{name}: {e.Message}";
        }
        catch (OperationCanceledException)
        {
            return (name, null, $"{name}: no result in time");
        }

        await session.CancelAsync().ConfigureAwait(false);
        return (name, null, error);
    }

    private static string Describe(Exception e) => e switch
    {
        MpcAbortException abort => $"aborted: {abort.Message}",
        OperationCanceledException => "it did not finish in time",
        _ => e.Message,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Key ceremony of wallet {WalletId} done: address {Address}, {Threshold} of {Parties}")]
    private partial void LogDone(string walletId, string address, int threshold, string parties);
}

/// <summary>A key ceremony that did not produce a wallet; the message names every party's problem.</summary>
public sealed class CeremonyFailedException : Exception
{
    public CeremonyFailedException(string message)
        : base(message)
    {
    }

    public CeremonyFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CeremonyFailedException()
    {
    }
}
