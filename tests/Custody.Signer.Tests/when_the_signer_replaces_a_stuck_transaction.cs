using System.Text.Json;
using Custody.Contracts;
using Custody.Contracts.Events;
using Custody.Domain.Intents;
using Custody.Domain.Lifecycle;
using Custody.Domain.Signing;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;
using Custody.Signer.Replacements;
using Custody.Signer.Signing;
using Custody.Signer.Tests.Support;
using Custody.Signing.Admission;
using Custody.Signing.Coordination;
using Custody.State;
using Custody.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Custody.Signer.Tests;

/// <summary>
/// docs/signing.md "Fee replacements": the signer service with two co-signers, the emulators and an anvil that mines
/// only when told. The test plays the broadcaster (it marks the request Broadcast and asks for replacements). A
/// stuck transaction is re-signed with the bumped fees, same nonce and intent, and the node takes it as the
/// replacement; every replacement the signer must not sign is refused at its boundary and audited; a malicious
/// coordinator cannot get a co-signer to sign another intent or another transaction at the nonce; duplicates and a
/// restart sign one replacement.
/// </summary>
public sealed class when_the_signer_replaces_a_stuck_transaction(PubSubEmulator pubSub, FirestoreEmulator firestore, NoMiningAnvil anvil) : IClassFixture<NoMiningAnvil>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_stuck_transaction_is_signed_again_with_the_bumped_fees_and_the_node_mines_the_replacement()
    {
        await using var stack = await SignerStack.StartAsync(pubSub, firestore, anvil);
        var (record, original) = await BroadcastAsync(stack, "treasury-replace", "req-replace-1");
        Assert.Equal(original.Hash, await anvil.Client.SendRawTransactionAsync(original.Raw.ToArray(), Ct)); // stuck in the pool

        var requested = Requested(record, original, attempt: 1, percent: 12.5);
        await stack.PublishReplacementAsync(requested);
        var replaced = await stack.WaitForAsync("req-replace-1", r => r.Replacement?.Status == ReplacementStatus.Signed, "the replacement signed");

        var replacement = SignedTransaction.Decode(Hex.Decode(replaced.RawTransaction!));
        var (before, after) = ((DynamicFeeTransaction)original.Transaction, (DynamicFeeTransaction)replacement.Transaction);
        // The same transaction but for its two fees (the signing hash covers every field).
        Assert.Equal((before with { MaxFeePerGas = after.MaxFeePerGas, MaxPriorityFeePerGas = after.MaxPriorityFeePerGas }).SigningHash(), after.SigningHash());
        Assert.Equal((requested.MaxFeePerGas, requested.MaxPriorityFeePerGas), (after.MaxFeePerGas.ToString(), after.MaxPriorityFeePerGas.ToString()));
        Assert.Equal(original.RecoverSender(), replacement.RecoverSender());
        Assert.Equal((TransactionState.Broadcast, replacement.Hash.ToString()), (replaced.State, replaced.TransactionHash));
        Assert.Equal([original.Hash.ToString()], replaced.ReplacedTransactionHashes);
        Assert.Equal(2, (await stack.SignedEventsAsync("req-replace-1")).Count);
        var actions = (await stack.AuditAsync("req-replace-1")).Select(a => a.Action).ToList();
        Assert.Equal(["ReplacementSigning", "ReplacementSigned"], actions.Where(a => a.StartsWith("Replacement", StringComparison.Ordinal)));
        // The co-signer that signed holds the replacement in its signing log as the one replacement of that nonce.
        var logged = await stack.Cosigners["cosigner-a"].Log.GetAsync(record.WalletId, SignerPolicy.ChainId, before.Nonce, Ct);
        Assert.Equal((1, after.SigningHash()), (logged!.Replacements, logged.Attempt.SigningHash));

        // The node takes it as the replacement of the stuck transaction, and mines it, not the stuck one.
        Assert.Equal(replacement.Hash, await anvil.Client.SendRawTransactionAsync(replacement.Raw.ToArray(), Ct));
        await anvil.MineAsync();
        Assert.Equal(replacement.Hash, (await anvil.Client.GetTransactionReceiptAsync(replacement.Hash, Ct))!.TransactionHash);
        Assert.Null(await anvil.Client.GetTransactionReceiptAsync(original.Hash, Ct));

        // A redelivery of the same request signs nothing new.
        await stack.DeliverAsync(requested);
        Assert.Equal(2, (await stack.SignedEventsAsync("req-replace-1")).Count);
    }

    [Fact]
    public async Task replacements_the_signer_must_not_sign_are_refused_with_their_code_and_audited_and_a_duplicate_signs_once()
    {
        await using var stack = await SignerStack.StartAsync(pubSub, firestore, anvil);
        var (record, original) = await BroadcastAsync(stack, "treasury-refusals", "req-replace-2");
        var good = Requested(record, original, attempt: 1, percent: 12.5);
        var stored = (DynamicFeeTransaction)original.Transaction;

        var refused = new (TransactionReplacementRequested Event, string Code)[]
        {
            (good with { MaxFeePerGas = stored.MaxFeePerGas.ToString(), MaxPriorityFeePerGas = stored.MaxPriorityFeePerGas.ToString() }, ReplacementRefusal.FeeNotBumped),
            (Requested(record, original, attempt: 1, percent: 5), ReplacementRefusal.FeeNotBumped),
            (good with { Nonce = "7" }, ReplacementRefusal.NonceMismatch),
            // A broadcaster that says "within the cap" about fees above it: the signer checks the cap itself.
            (good with { MaxFeePerGas = "200000000000" }, SigningRefusalCodes.FeeAboveCap),
            (good with { RequiresNewApproval = true, ApprovalReason = "fee-above-cap: over 100 gwei" }, ReplacementRefusal.NewApprovalRequired),
            (good with { RequestId = "req-nobody" }, ReplacementRefusal.UnknownRequest),
            (good with { WalletId = "treasury-other" }, ReplacementRefusal.WalletMismatch),
            (good with { ChainId = 1 }, ReplacementRefusal.ChainMismatch),
            (good with { StuckTransactionHash = "0x" + new string('1', 64) }, ReplacementRefusal.StaleTransaction),
            (good with { MaxFeePerGas = "0x10" }, ReplacementRefusal.MalformedFees),
        };
        foreach (var (bad, _) in refused)
        {
            await stack.DeliverAsync(bad);
        }

        var audited = (await stack.AuditAsync("req-replace-2")).Where(a => a.Action == "ReplacementRefused").Select(a => a.Details["code"]).ToList();
        Assert.Equal(refused.Where(r => r.Event.RequestId == "req-replace-2").Select(r => r.Code), audited);
        Assert.Equal(ReplacementRefusal.UnknownRequest, Assert.Single(await stack.AuditAsync("req-nobody")).Details["code"]);
        var unchanged = await stack.RecordAsync("req-replace-2");
        Assert.Equal((original.Hash.ToString(), (TransactionReplacement?)null), (unchanged!.TransactionHash, unchanged.Replacement));
        Assert.Single(await stack.SignedEventsAsync("req-replace-2"));

        // The good one, delivered twice at once and once more: one replacement signed and published.
        await Task.WhenAll(stack.DeliverAsync(good), stack.DeliverAsync(good));
        await stack.DeliverAsync(good);
        var replaced = await stack.RecordAsync("req-replace-2");
        Assert.Equal(ReplacementStatus.Signed, replaced!.Replacement!.Status);
        Assert.Single(replaced.ReplacedTransactionHashes);
        Assert.Equal(2, (await stack.SignedEventsAsync("req-replace-2")).Count);
        Assert.Single(await stack.AuditAsync("req-replace-2"), a => a.Action == "ReplacementSigned");

        // A replay for the transaction already replaced, under another attempt number, is not signed again.
        await stack.DeliverAsync(good with { Attempt = 5 });
        Assert.Equal(2, (await stack.SignedEventsAsync("req-replace-2")).Count);

        // The next request, for the replacement now stuck, is the second replacement, bumped from it.
        var current = SignedTransaction.Decode(Hex.Decode(replaced.RawTransaction!));
        await stack.DeliverAsync(Requested(replaced, current, attempt: 2, percent: 12.5));
        var twice = await stack.RecordAsync("req-replace-2");
        Assert.Equal([original.Hash.ToString(), current.Hash.ToString()], twice!.ReplacedTransactionHashes);
        Assert.Equal(3, (await stack.SignedEventsAsync("req-replace-2")).Count);
        Assert.Equal(2, (await stack.Cosigners["cosigner-a"].Log.GetAsync(record.WalletId, SignerPolicy.ChainId, stored.Nonce, Ct))!.Replacements);
    }

    [Fact]
    public async Task a_signer_restarted_after_recording_a_replacement_signs_exactly_that_replacement_once()
    {
        await using var stack = await SignerStack.StartAsync(pubSub, firestore, anvil);
        var (record, original) = await BroadcastAsync(stack, "treasury-restart", "req-replace-3");
        var first = Requested(record, original, attempt: 1, percent: 12.5);

        // The signer that crashed got as far as recording the exact replacement (the boundary check passed), not signing it.
        var (recorded, refusal) = ReplacementCheck.Check(record, first, stack.Services.GetRequiredService<PolicyBook>(), 10);
        Assert.Null(refusal);
        Assert.NotNull(await stack.Services.GetRequiredService<SigningRecords>().ReplacementStartAsync("req-replace-3", 1, recorded!, Ct));

        // The restarted signer's handler gets the redelivery (here with other fees, as a confused broadcaster might send).
        await Task.WhenAll(stack.DeliverAsync(first with { MaxFeePerGas = Bump(first.MaxFeePerGas), MaxPriorityFeePerGas = Bump(first.MaxPriorityFeePerGas) }), stack.DeliverAsync(first));

        var replaced = await stack.RecordAsync("req-replace-3");
        var replacement = (DynamicFeeTransaction)SignedTransaction.Decode(Hex.Decode(replaced!.RawTransaction!)).Transaction;
        Assert.Equal(recorded!.SigningHash(), replacement.SigningHash());
        Assert.Equal(2, (await stack.SignedEventsAsync("req-replace-3")).Count);
        Assert.Single(await stack.AuditAsync("req-replace-3"), a => a.Action == "ReplacementSigned");
    }

    [Fact]
    public async Task a_malicious_coordinator_cannot_get_a_cosigner_to_sign_another_intent_or_another_transaction_at_the_nonce_as_a_replacement()
    {
        await using var stack = await SignerStack.StartAsync(pubSub, firestore, anvil);
        var (record, original) = await BroadcastAsync(stack, "treasury-mallory", "req-replace-4");
        var approvedJson = record.ApprovedEvent!;
        var stored = (DynamicFeeTransaction)original.Transaction;
        var higher = stored with { MaxFeePerGas = ReplacementFees.Minimum(stored.MaxFeePerGas, 20), MaxPriorityFeePerGas = ReplacementFees.Minimum(stored.MaxPriorityFeePerGas, 20) };

        // Another request of the same wallet, properly approved, but never given this nonce by the signer.
        var other = stack.Policy.Approved(SignerPolicy.Request("req-replace-4b", "treasury-mallory", Address.Parse(record.Request.WalletAddress), 0.5m), "alice", "bob");
        var otherTransaction = higher with { Value = UInt256.Parse("500000000000000000") };

        var cosigner = stack.Cosigners["cosigner-a"];
        Assert.Equal([SigningRefusalCodes.ToMismatch], await CodesAsync(stack, cosigner, record, approvedJson, higher with { To = Address.Parse("0x000000000000000000000000000000000000dEaD") }));
        Assert.Equal([SigningRefusalCodes.NonceTaken], await CodesAsync(stack, cosigner, record, JsonSerializer.Serialize(other, ContractsJsonContext.Default.TransactionApproved), otherTransaction));
        Assert.Equal([SigningRefusalCodes.ReplacementFeeNotHigher], await CodesAsync(stack, cosigner, record, approvedJson,
            stored with { MaxFeePerGas = stored.MaxFeePerGas - 1, MaxPriorityFeePerGas = stored.MaxPriorityFeePerGas - 1 }));
        Assert.Equal([SigningRefusalCodes.FeeAboveCap], await CodesAsync(stack, cosigner, record, approvedJson, higher with { MaxFeePerGas = UInt256.Parse("200000000000") }));
        // The one thing it admits at that nonce: the same intent with both fees higher, within the cap.
        Assert.Empty(await CodesAsync(stack, cosigner, record, approvedJson, higher));
    }

    /// <summary>An approved request signed at the wallet's first nonce and marked Broadcast, as the broadcaster does.</summary>
    private static async Task<(TransactionRecord Record, SignedTransaction Original)> BroadcastAsync(SignerStack stack, string walletId, string requestId)
    {
        var wallet = await stack.CreateWalletAsync(walletId);
        await stack.PublishApprovedAsync(stack.Policy.Approved(SignerPolicy.Request(requestId, walletId, Address.Parse(wallet.Address), 1m), "alice", "bob"));
        var signed = await stack.WaitForStateAsync(requestId, TransactionState.Signed);
        await stack.MarkBroadcastAsync(requestId);
        return ((await stack.RecordAsync(requestId))!, SignedTransaction.Decode(Hex.Decode(signed.RawTransaction!)));
    }

    /// <summary>transaction-replacement-requested as the broadcaster publishes it: both fees raised by <paramref name="percent"/>.</summary>
    private static TransactionReplacementRequested Requested(TransactionRecord record, SignedTransaction stuck, int attempt, double percent)
    {
        var fees = (DynamicFeeTransaction)stuck.Transaction;
        return new TransactionReplacementRequested(record.RequestId, record.WalletId, fees.ChainId, fees.Nonce.ToString(), stuck.Hash.ToString(),
            ReplacementFees.Minimum(fees.MaxFeePerGas, percent).ToString(), ReplacementFees.Minimum(fees.MaxPriorityFeePerGas, percent).ToString(), false, null, attempt, DateTimeOffset.UtcNow);
    }

    private static string Bump(string fee) => ReplacementFees.Minimum(UInt256.Parse(fee), 50).ToString();

    /// <summary>
    /// What a malicious coordinator can do at most: ask the co-signer for a challenge, get a genuine attestation token
    /// bound to it (the signer's own launcher), and invite it to sign <paramref name="transaction"/>. The co-signer's codes.
    /// </summary>
    private static async Task<IReadOnlyList<string>> CodesAsync(SignerStack stack, TestCosigner cosigner, TransactionRecord record, string approvedJson, DynamicFeeTransaction transaction)
    {
        var label = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var challenge = cosigner.Node.Challenge(Hex.Encode(label));
        var approved = JsonSerializer.Deserialize(approvedJson, ContractsJsonContext.Default.TransactionApproved)!;
        var nonce = AttestationBinding.Nonce(label, TransactionIntent.Create(approved.Request).Hash, transaction.SigningHash(), challenge);
        var token = await stack.Services.GetRequiredService<ISessionAttester>().TokenAsync(nonce, Ct);
        var invitation = new SigningInvitation(Hex.Encode(label), record.WalletId, [SignerStack.Ids["signer"], SignerStack.Ids[cosigner.Name]], approvedJson,
            UnsignedTransaction.Of(transaction), token);
        var decision = await cosigner.Node.AdmitAsync(invitation, Ct);
        return [.. decision.Refusals.Select(r => r.Code).Distinct()];
    }
}
