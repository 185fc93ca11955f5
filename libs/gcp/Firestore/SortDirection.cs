namespace Custody.Gcp.Firestore;

public enum SortDirection
{
    Ascending,
    Descending,
}
