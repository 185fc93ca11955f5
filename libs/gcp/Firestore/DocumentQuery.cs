using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Custody.Gcp.Firestore;

/// <summary>
/// An immutable structured query over one collection (google/firestore/v1/query.proto): equality and range
/// filters (AND-ed), ordering, limit and cursors. Cursor values follow the order-by fields, as in Firestore:
/// <c>StartAfter(FieldValue.Integer(10))</c> on a query ordered by <c>sequence</c> pages after sequence 10.
/// Field paths are dotted identifiers (<c>a.b.c</c>) for nested map fields. <see cref="OrderByDocumentId"/> and
/// <see cref="StartAfterDocument"/> page on the document name, the one key Firestore guarantees unique.
/// </summary>
public sealed partial record DocumentQuery
{
    private DocumentQuery(string collectionId, DocumentPath? parent)
    {
        DocumentPath.ValidateSegment(collectionId);
        CollectionId = collectionId;
        Parent = parent;
    }

    public string CollectionId { get; }

    /// <summary>The document whose sub-collection is queried; null for a root collection.</summary>
    public DocumentPath? Parent { get; }

    public ImmutableArray<(string Field, FilterOperator Operator, FieldValue Value)> Filters { get; private init; } = [];

    public ImmutableArray<(string Field, SortDirection Direction)> Orders { get; private init; } = [];

    /// <summary>The field path of the document name (Firestore's <c>__name__</c>).</summary>
    public const string DocumentIdField = "__name__";

    public int? LimitCount { get; private init; }

    public QueryCursor? Start { get; private init; }

    public QueryCursor? End { get; private init; }

    public static DocumentQuery Collection(string collectionId, DocumentPath? parent = null) => new(collectionId, parent);

    public DocumentQuery Where(string field, FilterOperator op, FieldValue value)
    {
        ValidateField(field);
        ArgumentNullException.ThrowIfNull(value);
        return this with { Filters = Filters.Add((field, op, value)) };
    }

    public DocumentQuery OrderBy(string field, SortDirection direction = SortDirection.Ascending)
    {
        ValidateField(field);
        return this with { Orders = Orders.Add((field, direction)) };
    }

    /// <summary>Orders by document name (unique, so pages on it never skip or repeat a document).</summary>
    public DocumentQuery OrderByDocumentId(SortDirection direction = SortDirection.Ascending) => OrderBy(DocumentIdField, direction);

    public DocumentQuery Limit(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return this with { LimitCount = count };
    }

    /// <summary>Results at or after the position given by the order-by values.</summary>
    public DocumentQuery StartAt(params FieldValue[] values) => this with { Start = QueryCursor.Create(values, before: true, Orders.Length) };

    public DocumentQuery StartAfter(params FieldValue[] values) => this with { Start = QueryCursor.Create(values, before: false, Orders.Length) };

    /// <summary>
    /// Results after the document at <paramref name="path"/>, on a query ordered by document name only
    /// (<see cref="OrderByDocumentId"/>); the path must be in the queried collection.
    /// </summary>
    public DocumentQuery StartAfterDocument(DocumentPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Orders.Length != 1 || Orders[0].Field != DocumentIdField)
        {
            throw new ArgumentException("A document cursor needs a query ordered by document id only (OrderByDocumentId).", nameof(path));
        }

        if (path.CollectionId != CollectionId || path.Parent != Parent)
        {
            throw new ArgumentException("The cursor document is not in the queried collection.", nameof(path));
        }

        return this with { Start = new QueryCursor([], Before: false) { Document = path } };
    }

    /// <summary>Results up to and including the position given by the order-by values.</summary>
    public DocumentQuery EndAt(params FieldValue[] values) => this with { End = QueryCursor.Create(values, before: false, Orders.Length) };

    public DocumentQuery EndBefore(params FieldValue[] values) => this with { End = QueryCursor.Create(values, before: true, Orders.Length) };

    private static void ValidateField(string field)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        if (!FieldPathPattern().IsMatch(field))
        {
            throw new ArgumentException("Field paths are dotted identifiers (letters, digits, '_'; not starting with a digit) or __name__.", nameof(field));
        }
    }

    [GeneratedRegex(@"^(__name__|[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)$")]
    private static partial Regex FieldPathPattern();
}

/// <summary>
/// A query cursor: values of the order-by fields, or the <see cref="Document"/> whose name is the position
/// (ordering by document id); <see cref="Before"/> is Firestore's <c>before</c> flag.
/// </summary>
public sealed record QueryCursor(ImmutableArray<FieldValue> Values, bool Before)
{
    /// <summary>A document position (sent as a reference value), instead of <see cref="Values"/>.</summary>
    public DocumentPath? Document { get; init; }

    internal static QueryCursor Create(FieldValue[] values, bool before, int orderCount)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0 || values.Length > orderCount)
        {
            throw new ArgumentException("A cursor needs one value per order-by field (order first, then set the cursor).", nameof(values));
        }

        return new QueryCursor([.. values], before);
    }
}
