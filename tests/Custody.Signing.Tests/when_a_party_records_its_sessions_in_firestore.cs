using System.Security.Cryptography;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Signing.Ledger;
using Custody.Testing;

namespace Custody.Signing.Tests;

public sealed class when_a_party_records_its_sessions_in_firestore(FirestoreEmulator emulator) : IDisposable
{
    private static readonly PartyId Self = PartyId.Create(2);
    private readonly EmulatedFirestore _firestore = new(emulator);
    private readonly byte[] _keyId = RandomNumberGenerator.GetBytes(32);

    public void Dispose() => _firestore.Dispose();

    [Fact]
    public async Task of_many_replicas_answering_one_session_exactly_one_is_told_to_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        var session = new AnsweredSession(_keyId, Self, RandomNumberGenerator.GetBytes(32));
        // Eight replicas of the same party, each with its own ledger object (as separate processes would have).
        var replicas = Enumerable.Range(0, 8).Select(_ => new FirestoreSessionLedger(_firestore.Database, "cosigner-a")).ToArray();

        var answers = await Task.WhenAll(replicas.Select(r => r.TryRecordAnswerAsync(session, ct).AsTask()));

        Assert.Equal(1, answers.Count(a => a));
    }

    [Fact]
    public async Task a_restarted_party_does_not_answer_a_session_it_answered_before()
    {
        var ct = TestContext.Current.CancellationToken;
        var session = new AnsweredSession(_keyId, Self, RandomNumberGenerator.GetBytes(32));
        Assert.True(await new FirestoreSessionLedger(_firestore.Database, "cosigner-a").TryRecordAnswerAsync(session, ct));

        var restarted = new FirestoreSessionLedger(_firestore.Database, "cosigner-a");

        Assert.False(await restarted.TryRecordAnswerAsync(session, ct));
        Assert.True(await restarted.TryRecordAnswerAsync(session with { SessionId = RandomNumberGenerator.GetBytes(32) }, ct));
    }

    [Fact]
    public async Task parties_keep_separate_ledgers()
    {
        var ct = TestContext.Current.CancellationToken;
        var session = new AnsweredSession(_keyId, Self, RandomNumberGenerator.GetBytes(32));
        Assert.True(await new FirestoreSessionLedger(_firestore.Database, "cosigner-a").TryRecordAnswerAsync(session, ct));

        Assert.True(await new FirestoreSessionLedger(_firestore.Database, "cosigner-b").TryRecordAnswerAsync(session, ct));
    }

    [Fact]
    public async Task discarded_pairs_survive_a_restart_and_are_listed_per_key_and_party()
    {
        var ct = TestContext.Current.CancellationToken;
        var ledger = new FirestoreSessionLedger(_firestore.Database, "signer");
        var otherKey = RandomNumberGenerator.GetBytes(32);
        await ledger.RecordDiscardedPairAsync(new DiscardedPair(_keyId, Self, PartyId.Create(3), 1), ct);
        await ledger.RecordDiscardedPairAsync(new DiscardedPair(_keyId, Self, PartyId.Create(3), 1), ct);
        await ledger.RecordDiscardedPairAsync(new DiscardedPair(_keyId, Self, PartyId.Create(1), 4), ct);
        await ledger.RecordDiscardedPairAsync(new DiscardedPair(otherKey, Self, PartyId.Create(1), 9), ct);
        await ledger.RecordDiscardedPairAsync(new DiscardedPair(_keyId, PartyId.Create(5), PartyId.Create(1), 7), ct);

        var listed = await new FirestoreSessionLedger(_firestore.Database, "signer").DiscardedPairsAsync(_keyId, Self, ct);

        Assert.Equal(
            ["1@4", "3@1"],
            listed.Select(p => $"{p.Counterpart.Value}@{p.OtEpoch}").Order(StringComparer.Ordinal));
        Assert.All(listed, p => Assert.Equal(_keyId, p.KeyId.ToArray()));
    }

    [Fact]
    public void a_party_name_that_cannot_name_a_document_is_refused() =>
        Assert.ThrowsAny<ArgumentException>(() => new FirestoreSessionLedger(_firestore.Database, "co/signer"));
}
