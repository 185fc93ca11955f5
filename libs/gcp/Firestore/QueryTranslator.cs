using Google.Cloud.Firestore.V1;

namespace Custody.Gcp.Firestore;

/// <summary>Builds the generated <c>StructuredQuery</c> for a <see cref="DocumentQuery"/>.</summary>
internal static class QueryTranslator
{
    public static string ParentName(string databasePath, DocumentQuery query) =>
        query.Parent is null ? $"{databasePath}/documents" : query.Parent.FullName(databasePath);

    public static StructuredQuery ToProto(string databasePath, DocumentQuery query)
    {
        var proto = new StructuredQuery
        {
            From = { new StructuredQuery.Types.CollectionSelector { CollectionId = query.CollectionId } },
        };
        var filters = query.Filters.Select(f => new StructuredQuery.Types.Filter
        {
            FieldFilter = new StructuredQuery.Types.FieldFilter
            {
                Field = new StructuredQuery.Types.FieldReference { FieldPath = f.Field },
                Op = Operator(f.Operator),
                Value = ValueConverter.ToProto(f.Value),
            },
        }).ToList();
        if (filters.Count == 1)
        {
            proto.Where = filters[0];
        }
        else if (filters.Count > 1)
        {
            proto.Where = new StructuredQuery.Types.Filter
            {
                CompositeFilter = new StructuredQuery.Types.CompositeFilter
                {
                    Op = StructuredQuery.Types.CompositeFilter.Types.Operator.And,
                    Filters = { filters },
                },
            };
        }

        foreach (var (field, direction) in query.Orders)
        {
            proto.OrderBy.Add(new StructuredQuery.Types.Order
            {
                Field = new StructuredQuery.Types.FieldReference { FieldPath = field },
                Direction = direction == SortDirection.Ascending ? StructuredQuery.Types.Direction.Ascending : StructuredQuery.Types.Direction.Descending,
            });
        }

        if (query.LimitCount is { } limit)
        {
            proto.Limit = limit;
        }

        if (query.Start is { } start)
        {
            proto.StartAt = Cursor(databasePath, start);
        }

        if (query.End is { } end)
        {
            proto.EndAt = Cursor(databasePath, end);
        }

        return proto;
    }

    // A document cursor is the document's full name as a reference value (the value type of __name__).
    private static Cursor Cursor(string databasePath, QueryCursor cursor)
    {
        var proto = new Cursor { Before = cursor.Before };
        if (cursor.Document is { } document)
        {
            proto.Values.Add(new Value { ReferenceValue = document.FullName(databasePath) });
        }
        else
        {
            proto.Values.Add(cursor.Values.Select(v => ValueConverter.ToProto(v)));
        }

        return proto;
    }

    private static StructuredQuery.Types.FieldFilter.Types.Operator Operator(FilterOperator op) => op switch
    {
        FilterOperator.LessThan => StructuredQuery.Types.FieldFilter.Types.Operator.LessThan,
        FilterOperator.LessThanOrEqual => StructuredQuery.Types.FieldFilter.Types.Operator.LessThanOrEqual,
        FilterOperator.GreaterThan => StructuredQuery.Types.FieldFilter.Types.Operator.GreaterThan,
        FilterOperator.GreaterThanOrEqual => StructuredQuery.Types.FieldFilter.Types.Operator.GreaterThanOrEqual,
        FilterOperator.Equal => StructuredQuery.Types.FieldFilter.Types.Operator.Equal,
        FilterOperator.NotEqual => StructuredQuery.Types.FieldFilter.Types.Operator.NotEqual,
        FilterOperator.ArrayContains => StructuredQuery.Types.FieldFilter.Types.Operator.ArrayContains,
        FilterOperator.In => StructuredQuery.Types.FieldFilter.Types.Operator.In,
        FilterOperator.ArrayContainsAny => StructuredQuery.Types.FieldFilter.Types.Operator.ArrayContainsAny,
        FilterOperator.NotIn => StructuredQuery.Types.FieldFilter.Types.Operator.NotIn,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}
