using Custody.Domain.Hashing;
using Custody.Domain.Policies;
using Custody.Domain.Signing;
using Custody.Ethereum;
using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;
using Custody.Signing.Ledger;
using Custody.Testing;

namespace Custody.Signing.Tests;

/// <summary>docs/signing.md "Signing log": the rule holds across replicas of a party and across restarts.</summary>
public sealed class when_a_party_keeps_its_signing_log_in_firestore(FirestoreEmulator emulator) : IDisposable
{
    private const string Party = "cosigner-a";
    private static readonly FeeCap Cap = new(UInt256.Create(1_000), UInt256.Create(100_000_000), null);
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private readonly EmulatedFirestore _firestore = new(emulator);
    private readonly string _wallet = "treasury-" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _firestore.Dispose();

    private FirestoreSigningLog Log(EmulatedFirestore? client = null) => new((client ?? _firestore).Database, Party);

    /// <summary>A transaction for nonce 4 on chain 31337; different requests or amounts are different transactions.</summary>
    private SigningAttempt Attempt(string requestId = "req-1", ulong amount = 100, ulong maxFee = 500, ulong tip = 5, ulong nonce = 4)
    {
        var intentHash = Hash32.Create(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{requestId}/{amount}")));
        var fees = new TransactionFees(UInt256.Create(maxFee), UInt256.Create(tip), 21_000);
        var signing = Bytes32.Create(Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes($"{requestId}/{amount}/{maxFee}/{tip}/{nonce}")));
        return new SigningAttempt(_wallet, 31337, nonce, requestId, intentHash, signing,
            Address.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"), UInt256.Create(amount), Bytes32.Create(Keccak256.Hash([])), fees);
    }

    [Fact]
    public async Task an_entry_is_stored_with_every_field_and_read_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var attempt = Attempt();

        Assert.Null(await Log().RecordAsync(attempt, Cap, Now, ct));

        var entry = await Log().GetAsync(_wallet, 31337, 4, ct);
        Assert.Equal(new SigningLogEntry(attempt, Now, 0, null), entry);
        Assert.Null(await Log().GetAsync(_wallet, 31337, 5, ct));
        Assert.Null(await Log().GetAsync(_wallet, 1, 4, ct));
    }

    [Fact]
    public async Task a_restarted_party_refuses_another_transaction_for_a_nonce_it_signed_and_admits_a_retry()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = Attempt();
        Assert.Null(await Log().RecordAsync(first, Cap, Now, ct));
        Assert.True(await Log().MarkContributedAsync(_wallet, 31337, 4, first.SigningHash, Now, ct));

        using var restarted = new EmulatedFirestore(emulator, _firestore.ProjectId);
        var log = Log(restarted);

        Assert.Equal(SigningRefusalCodes.NonceTaken, (await log.RecordAsync(Attempt("req-2", amount: 200), Cap, Now, ct))?.Code);
        Assert.Null(await log.RecordAsync(first, Cap, Now.AddMinutes(1), ct));
        Assert.Null(await log.RecordAsync(Attempt("req-2", amount: 200, nonce: 5), Cap, Now, ct));
        Assert.Equal(first.SigningHash, (await log.GetAsync(_wallet, 31337, 4, ct))?.Attempt.SigningHash);
    }

    [Fact]
    public async Task a_fee_replacement_of_a_signed_intent_replaces_the_entry_and_keeps_it_contributed()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = Attempt();
        await Log().RecordAsync(first, Cap, Now, ct);
        await Log().MarkContributedAsync(_wallet, 31337, 4, first.SigningHash, Now, ct);
        var bumped = Attempt(maxFee: 600, tip: 6);

        Assert.Equal(SigningRefusalCodes.ReplacementFeeNotHigher, (await Log().RecordAsync(Attempt(maxFee: 600, tip: 5), Cap, Now, ct))?.Code);
        Assert.Equal(SigningRefusalCodes.FeeAboveCap, (await Log().RecordAsync(Attempt(maxFee: 1_001, tip: 6), Cap, Now, ct))?.Code);
        Assert.Null(await Log().RecordAsync(bumped, Cap, Now.AddMinutes(2), ct));

        var entry = await Log().GetAsync(_wallet, 31337, 4, ct);
        Assert.Equal(bumped, entry?.Attempt);
        Assert.Equal(1, entry?.Replacements);
        Assert.True(entry?.Contributed);
        Assert.False(await Log().MarkContributedAsync(_wallet, 31337, 4, first.SigningHash, Now, ct));
    }

    [Fact]
    public async Task only_the_recorded_transaction_can_be_marked_contributed()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = Attempt();
        Assert.False(await Log().MarkContributedAsync(_wallet, 31337, 4, first.SigningHash, Now, ct));
        await Log().RecordAsync(first, Cap, Now, ct);

        Assert.False(await Log().MarkContributedAsync(_wallet, 31337, 4, Attempt("req-2").SigningHash, Now, ct));
        Assert.True(await Log().MarkContributedAsync(_wallet, 31337, 4, first.SigningHash, Now, ct));
        Assert.True(await Log().MarkContributedAsync(_wallet, 31337, 4, first.SigningHash, Now.AddMinutes(5), ct));
        Assert.Equal(Now, (await Log().GetAsync(_wallet, 31337, 4, ct))?.ContributedAt);
    }

    [Fact]
    public async Task of_replicas_racing_to_sign_different_transactions_for_one_nonce_exactly_one_signs()
    {
        var ct = TestContext.Current.CancellationToken;
        // Four replicas of the party, each its own client (as separate processes), each asked to sign another transaction.
        using var replicas = new Replicas(emulator, _firestore.ProjectId, 4);
        var attempts = Enumerable.Range(0, 4).Select(i => Attempt($"req-{i}", amount: 100 + (ulong)i)).ToArray();
        var signed = await Task.WhenAll(replicas.Clients.Select(async (replica, i) =>
        {
            var log = Log(replica);
            // The flow of a party: record (admission), then mark contributed before the session releases anything.
            return await log.RecordAsync(attempts[i], Cap, Now, ct) is null &&
                await log.MarkContributedAsync(_wallet, 31337, 4, attempts[i].SigningHash, Now, ct);
        }));

        Assert.Equal(1, signed.Count(s => s));
        var winner = attempts[Array.IndexOf(signed, true)];
        var entry = await Log().GetAsync(_wallet, 31337, 4, ct);
        Assert.Equal(winner.SigningHash, entry?.Attempt.SigningHash);
        Assert.True(entry?.Contributed);
    }

    [Fact]
    public async Task an_admitted_transaction_never_signed_can_be_superseded()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = Attempt();
        await Log().RecordAsync(first, Cap, Now, ct);
        var next = Attempt("req-2", amount: 200);

        Assert.Null(await Log().RecordAsync(next, Cap, Now, ct));
        Assert.False(await Log().MarkContributedAsync(_wallet, 31337, 4, first.SigningHash, Now, ct));
        Assert.True(await Log().MarkContributedAsync(_wallet, 31337, 4, next.SigningHash, Now, ct));
    }

    [Fact]
    public async Task a_party_or_wallet_name_that_cannot_name_a_document_is_refused()
    {
        Assert.ThrowsAny<ArgumentException>(() => new FirestoreSigningLog(_firestore.Database, "co/signer"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Log().GetAsync("wallet/x", 1, 1, TestContext.Current.CancellationToken));
    }

    private static AuditRecord EntryFor(SigningAttempt attempt, SigningRefusal? refusal) =>
        new(Party, refusal is null ? "signing-admitted" : "signing-refused", attempt.RequestId, "", new Dictionary<string, string> { ["codes"] = refusal?.Code ?? "" });

    private async Task<IReadOnlyList<FieldMap>> AuditEntriesAsync(CancellationToken ct) =>
        [.. (await _firestore.Database.QueryAsync(DocumentQuery.Collection(AuditLayout.EntriesCollection), RawFields.Mapper, ct)).Select(e => e.Value)];

    [Fact]
    public async Task an_audited_record_commits_the_entry_and_its_audit_entry_together_and_a_refusal_changes_only_the_audit()
    {
        var ct = TestContext.Current.CancellationToken;
        var audit = new AuditLog(_firestore.Database);
        var first = Attempt();

        Assert.Null(await Log().RecordAuditedAsync(first, Cap, Now, audit, r => EntryFor(first, r), ct));
        Assert.True(await Log().MarkContributedAsync(_wallet, 31337, 4, first.SigningHash, Now, ct));
        var other = Attempt("req-2", amount: 200);
        Assert.Equal(SigningRefusalCodes.NonceTaken, (await Log().RecordAuditedAsync(other, Cap, Now, audit, r => EntryFor(other, r), ct))?.Code);

        Assert.Equal(first.SigningHash, (await Log().GetAsync(_wallet, 31337, 4, ct))?.Attempt.SigningHash);
        var entries = (await AuditEntriesAsync(ct)).ToDictionary(e => e.GetString("requestId"));
        Assert.Equal(2, entries.Count);
        Assert.Equal("signing-admitted", entries["req-1"].GetString("action"));
        Assert.Equal(SigningRefusalCodes.NonceTaken, entries["req-2"].GetStringMap("details")["codes"]);
        Assert.True((await audit.VerifyAsync(ct: ct)).IsIntact);
    }

    [Fact]
    public async Task an_audited_record_whose_audit_entry_cannot_be_appended_records_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await new AuditLog(_firestore.Database).AppendAsync(new AuditRecord(Party, "started", "", ""), ct);
        var misconfigured = new AuditLog(_firestore.Database, chains: 8); // refuses to append: the log records 64 chains
        var attempt = Attempt();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Log().RecordAuditedAsync(attempt, Cap, Now, misconfigured, r => EntryFor(attempt, r), ct));

        Assert.Null(await Log().GetAsync(_wallet, 31337, 4, ct));
        Assert.Single(await AuditEntriesAsync(ct));
    }

    [Fact]
    public async Task of_replicas_racing_to_record_audited_attempts_for_one_nonce_each_decision_is_audited_as_it_was_made()
    {
        var ct = TestContext.Current.CancellationToken;
        using var replicas = new Replicas(emulator, _firestore.ProjectId, 4);
        var attempts = Enumerable.Range(0, 4).Select(i => Attempt($"req-race-{i}", amount: 100 + (ulong)i)).ToArray();
        var outcomes = await Task.WhenAll(attempts.Select((a, i) =>
            Log(replicas.Clients[i]).RecordAuditedAsync(a, Cap, Now, new AuditLog(replicas.Clients[i].Database), r => EntryFor(a, r), ct)));

        // Not yet contributed to, an entry may be superseded (docs/signing.md "Signing log"): the audit says exactly
        // what each replica decided, and the slot holds the last admitted one.
        var entries = (await AuditEntriesAsync(ct)).ToDictionary(e => e.GetString("requestId"));
        Assert.Equal(4, entries.Count);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(outcomes[i] is null ? "signing-admitted" : "signing-refused", entries[attempts[i].RequestId].GetString("action"));
        }

        var held = (await Log().GetAsync(_wallet, 31337, 4, ct))?.Attempt;
        Assert.Contains(held, attempts.Where((_, i) => outcomes[i] is null));
        Assert.True((await new AuditLog(_firestore.Database).VerifyAsync(ct: ct)).IsIntact);
    }

    /// <summary>Replicas of the party, each its own client of one project (as separate processes).</summary>
    private sealed class Replicas(FirestoreEmulator emulator, string projectId, int count) : IDisposable
    {
        public EmulatedFirestore[] Clients { get; } = [.. Enumerable.Range(0, count).Select(_ => new EmulatedFirestore(emulator, projectId))];

        public void Dispose()
        {
            foreach (var client in Clients)
            {
                client.Dispose();
            }
        }
    }
}
