using Custody.Gcp.Firestore;
using Custody.Testing;

namespace Custody.Gcp.Tests;

public sealed class when_a_query_pages_with_cursors(FirestoreEmulator emulator) : IDisposable
{
    private readonly EmulatedFirestore _firestore = new(emulator);

    public void Dispose() => _firestore.Dispose();

    private async Task SeedAsync(CancellationToken ct)
    {
        for (var i = 1; i <= 25; i++)
        {
            await _firestore.Database.CreateAsync(DocumentPath.Of("entries", $"e{i:D3}"), new Item(i % 2 == 0 ? "even" : "odd", i), Item.Mapper, ct);
        }
    }

    [Fact]
    public async Task start_after_the_last_value_reads_every_entry_once_in_order()
    {
        var ct = TestContext.Current.CancellationToken;
        await SeedAsync(ct);
        var query = DocumentQuery.Collection("entries").OrderBy("value").Limit(10);
        var seen = new List<long>();
        var pages = new List<int>();
        long? last = null;
        while (true)
        {
            var page = await _firestore.Database.QueryAsync(last is null ? query : query.StartAfter(FieldValue.Integer(last.Value)), Item.Mapper, ct);
            pages.Add(page.Count);
            seen.AddRange(page.Select(d => d.Value.Value));
            if (page.Count < 10)
            {
                break;
            }

            last = page[^1].Value.Value;
        }

        Assert.Equal([10, 10, 5], pages);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task start_at_and_end_at_are_inclusive_and_end_before_is_not()
    {
        var ct = TestContext.Current.CancellationToken;
        await SeedAsync(ct);
        var query = DocumentQuery.Collection("entries").OrderBy("value");

        var inclusive = await _firestore.Database.QueryAsync(query.StartAt(FieldValue.Integer(5)).EndAt(FieldValue.Integer(8)), Item.Mapper, ct);
        var exclusive = await _firestore.Database.QueryAsync(query.StartAfter(FieldValue.Integer(5)).EndBefore(FieldValue.Integer(8)), Item.Mapper, ct);

        Assert.Equal([5L, 6, 7, 8], inclusive.Select(d => d.Value.Value));
        Assert.Equal([6L, 7], exclusive.Select(d => d.Value.Value));
    }

    [Fact]
    public async Task filters_and_descending_order_combine()
    {
        var ct = TestContext.Current.CancellationToken;
        await SeedAsync(ct);

        var page = await _firestore.Database.QueryAsync(
            DocumentQuery.Collection("entries")
                .Where("name", FilterOperator.Equal, FieldValue.String("even"))
                .Where("value", FilterOperator.GreaterThan, FieldValue.Integer(10))
                .OrderBy("value", SortDirection.Descending)
                .Limit(3),
            Item.Mapper, ct);

        Assert.Equal([24L, 22, 20], page.Select(d => d.Value.Value));
    }

    [Fact]
    public async Task pages_by_document_id_read_every_document_once_even_when_a_field_value_repeats()
    {
        var ct = TestContext.Current.CancellationToken;
        await SeedAsync(ct);
        await _firestore.Database.CreateAsync(DocumentPath.Of("entries", "e010-twin"), new Item("twin", 10), Item.Mapper, ct);
        var query = DocumentQuery.Collection("entries").OrderByDocumentId().Limit(10);
        var seen = new List<string>();
        DocumentPath? last = null;
        while (true)
        {
            var page = await _firestore.Database.QueryAsync(last is null ? query : query.StartAfterDocument(last), Item.Mapper, ct);
            seen.AddRange(page.Select(d => d.Path.Id));
            if (page.Count < 10)
            {
                break;
            }

            last = page[^1].Path;
        }

        string[] expected = [.. Enumerable.Range(1, 25).Select(i => $"e{i:D3}"), "e010-twin"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public void a_document_cursor_needs_the_document_id_order_and_a_document_of_the_collection()
    {
        var byValue = DocumentQuery.Collection("entries").OrderBy("value");
        var byId = DocumentQuery.Collection("entries").OrderByDocumentId();

        Assert.Throws<ArgumentException>(() => byValue.StartAfterDocument(DocumentPath.Of("entries", "e001")));
        Assert.Throws<ArgumentException>(() => byId.StartAfterDocument(DocumentPath.Of("other", "e001")));
        Assert.Equal(DocumentPath.Of("entries", "e001"), byId.StartAfterDocument(DocumentPath.Of("entries", "e001")).Start!.Document);
    }

    [Fact]
    public void a_cursor_needs_an_order_first() =>
        Assert.Throws<ArgumentException>(() => DocumentQuery.Collection("entries").StartAfter(FieldValue.Integer(1)));
}
