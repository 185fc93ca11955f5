namespace Custody.Gcp.Firestore;

/// <summary>Field filter operators (StructuredQuery.FieldFilter.Operator).</summary>
public enum FilterOperator
{
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
    Equal,
    NotEqual,
    ArrayContains,
    In,
    ArrayContainsAny,
    NotIn,
}
