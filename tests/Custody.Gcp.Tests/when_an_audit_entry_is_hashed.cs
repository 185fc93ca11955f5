using Custody.Gcp.Audit;

namespace Custody.Gcp.Tests;

public sealed class when_an_audit_entry_is_hashed
{
    private static readonly DateTimeOffset Time = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static AuditHash Hash(AuditRecord record, long sequence = 1, DateTimeOffset? time = null, AuditHash? previous = null) =>
        AuditChainHash.Compute(sequence, time ?? Time, record, previous ?? AuditHash.Genesis);

    private static AuditRecord Record(string actor = "policy", string action = "approved", string requestId = "r1", string traceId = "t1", Dictionary<string, string>? details = null) =>
        new(actor, action, requestId, traceId, details);

    [Fact]
    public void every_field_changes_the_hash()
    {
        var baseline = Hash(Record());

        Assert.NotEqual(baseline, Hash(Record(actor: "signer")));
        Assert.NotEqual(baseline, Hash(Record(action: "rejected")));
        Assert.NotEqual(baseline, Hash(Record(requestId: "r2")));
        Assert.NotEqual(baseline, Hash(Record(traceId: "t2")));
        Assert.NotEqual(baseline, Hash(Record(details: new() { ["k"] = "v" })));
        Assert.NotEqual(baseline, Hash(Record(), sequence: 2));
        Assert.NotEqual(baseline, Hash(Record(), time: Time.AddTicks(10)));
        Assert.NotEqual(baseline, Hash(Record(), previous: baseline));
        Assert.Equal(baseline, Hash(Record()));
    }

    [Fact]
    public void length_prefixes_keep_shifted_boundaries_apart()
    {
        Assert.NotEqual(Hash(Record(actor: "ab", action: "c")), Hash(Record(actor: "a", action: "bc")));
        Assert.NotEqual(Hash(Record(details: new() { ["ab"] = "c" })), Hash(Record(details: new() { ["a"] = "bc" })));
    }

    [Fact]
    public void details_hash_the_same_in_any_insertion_order()
    {
        var one = Record(details: new() { ["a"] = "1", ["b"] = "2" });
        var other = Record(details: new() { ["b"] = "2", ["a"] = "1" });
        Assert.Equal(Hash(one), Hash(other));
    }

    [Fact]
    public void sub_microsecond_time_does_not_change_the_hash_because_firestore_drops_it()
    {
        Assert.Equal(Hash(Record()), Hash(Record(), time: Time.AddTicks(9)));
    }

    [Fact]
    public void the_verifier_reports_the_first_broken_link_only()
    {
        var first = AuditEntry.Create(1, Time, Record(), AuditHash.Genesis);
        var second = AuditEntry.Create(2, Time, Record(requestId: "r2"), first.Hash);
        var verifier = new AuditChainVerifier();

        Assert.Null(verifier.Check(Id(1), first));
        var broken = verifier.Check(Id(2), second with { Record = Record(requestId: "r3") });

        Assert.Equal(2, broken!.Sequence);
        Assert.Equal(AuditBreakKind.HashMismatch, broken.Kind);
        Assert.Equal(second.Hash.ToString(), broken.Found);
    }

    [Fact]
    public void a_second_document_claiming_a_checked_sequence_is_a_duplicate()
    {
        var first = AuditEntry.Create(1, Time, Record(), AuditHash.Genesis);
        var verifier = new AuditChainVerifier();
        Assert.Null(verifier.Check(Id(1), first));

        var broken = verifier.Check(Id(1) + "-copy", first);

        Assert.Equal(new AuditBreak(1, AuditBreakKind.DuplicateSequence, "one document for sequence 1", $"another in document {Id(1)}-copy"), broken);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("00000000000000000002")]
    [InlineData("00000000000000000001 ")]
    public void an_entry_whose_document_id_is_not_derived_from_its_sequence_is_misplaced(string documentId)
    {
        var first = AuditEntry.Create(1, Time, Record(), AuditHash.Genesis);

        var broken = new AuditChainVerifier().Check(documentId, first);

        Assert.Equal(AuditBreakKind.MisplacedEntry, broken!.Kind);
        Assert.Equal(1, broken.Sequence);
        Assert.Equal($"document {documentId}", broken.Found);
    }

    private static string Id(long sequence) => AuditLayout.EntryPath(0, sequence).Id;

    [Theory]
    [InlineData("")]
    [InlineData("line\nbreak")]
    public void an_actor_that_is_empty_or_has_control_characters_is_refused(string actor) =>
        Assert.Throws<ArgumentException>(() => Record(actor: actor));

    [Fact]
    public void a_hash_of_the_wrong_form_is_refused()
    {
        Assert.False(AuditHash.TryParse(new string('A', 64), out _));
        Assert.False(AuditHash.TryParse(new string('a', 63), out _));
        Assert.True(AuditHash.TryParse(new string('a', 64), out _));
    }
}
