using Custody.Gcp.Channels;
using Google.Cloud.Firestore.V1;
using Google.Protobuf;
using Grpc.Core;
using FirestoreClient = Google.Cloud.Firestore.V1.Firestore.FirestoreClient;

namespace Custody.Gcp.Firestore;

/// <summary>
/// The gRPC calls of the document layer, shared by plain operations and transactions (a transaction passes
/// its id). Every call carries the Firestore routing headers (RoutingHeaders.ForFirestore).
/// </summary>
internal sealed class FirestoreRpc
{
    private readonly FirestoreClient _client;

    public FirestoreRpc(GoogleChannelFactory channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        var options = channels.Options;
        DatabasePath = $"projects/{options.ProjectId}/databases/{options.FirestoreDatabase}";
        Emulated = channels.IsEmulated(GoogleApi.Firestore);
        _client = new FirestoreClient(channels.ChannelFor(GoogleApi.Firestore));
    }

    public string DatabasePath { get; }

    public bool Emulated { get; }

    public Metadata Headers() => RoutingHeaders.ForFirestore(DatabasePath, Emulated);

    public string NameOf(DocumentPath path) => path.FullName(DatabasePath);

    public async Task<IReadOnlyList<DocumentSnapshot<T>?>> BatchGetAsync<T>(IReadOnlyList<DocumentPath> paths, IDocumentMapper<T> mapper, ByteString? transaction, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(mapper);
        if (paths.Count == 0)
        {
            return [];
        }

        var request = new BatchGetDocumentsRequest { Database = DatabasePath };
        request.Documents.AddRange(paths.Select(NameOf));
        if (transaction is not null)
        {
            request.Transaction = transaction;
        }

        // The stream returns found / missing results in any order; put them back in request order.
        var byName = new Dictionary<string, DocumentSnapshot<T>?>(StringComparer.Ordinal);
        using var call = _client.BatchGetDocuments(request, Headers(), cancellationToken: ct);
        await foreach (var response in call.ResponseStream.ReadAllAsync(ct).ConfigureAwait(false))
        {
            switch (response.ResultCase)
            {
                case BatchGetDocumentsResponse.ResultOneofCase.Found:
                    byName[response.Found.Name] = ValueConverter.ToSnapshot(DatabasePath, response.Found, mapper);
                    break;
                case BatchGetDocumentsResponse.ResultOneofCase.Missing:
                    byName[response.Missing] = null;
                    break;
            }
        }

        return paths.Select(path => byName.TryGetValue(NameOf(path), out var snapshot)
            ? snapshot
            : throw new FirestoreException($"Firestore returned no result for {path}.")).ToList();
    }

    public async Task<IReadOnlyList<DocumentSnapshot<T>>> RunQueryAsync<T>(DocumentQuery query, IDocumentMapper<T> mapper, ByteString? transaction, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(mapper);
        var request = new RunQueryRequest
        {
            Parent = QueryTranslator.ParentName(DatabasePath, query),
            StructuredQuery = QueryTranslator.ToProto(DatabasePath, query),
        };
        if (transaction is not null)
        {
            request.Transaction = transaction;
        }

        var results = new List<DocumentSnapshot<T>>();
        using var call = _client.RunQuery(request, Headers(), cancellationToken: ct);
        await foreach (var response in call.ResponseStream.ReadAllAsync(ct).ConfigureAwait(false))
        {
            if (response.Document is not null)
            {
                results.Add(ValueConverter.ToSnapshot(DatabasePath, response.Document, mapper));
            }
        }

        return results;
    }

    public async Task<ByteString> BeginTransactionAsync(ByteString? retrying, CancellationToken ct)
    {
        var options = new TransactionOptions { ReadWrite = new TransactionOptions.Types.ReadWrite() };
        if (retrying is not null)
        {
            options.ReadWrite.RetryTransaction = retrying;
        }

        var response = await _client.BeginTransactionAsync(
            new BeginTransactionRequest { Database = DatabasePath, Options = options }, Headers(), cancellationToken: ct).ConfigureAwait(false);
        return response.Transaction;
    }

    /// <summary>Commits the writes (atomically) and translates precondition failures into typed errors.</summary>
    public async Task<IReadOnlyList<DocumentVersion>> CommitAsync(IReadOnlyList<PendingWrite> writes, ByteString? transaction, CancellationToken ct)
    {
        var request = new CommitRequest { Database = DatabasePath };
        request.Writes.AddRange(writes.Select(w => w.Write));
        if (transaction is not null)
        {
            request.Transaction = transaction;
        }

        try
        {
            var response = await _client.CommitAsync(request, Headers(), cancellationToken: ct).ConfigureAwait(false);
            return response.WriteResults.Select(r => DocumentVersion.From(r.UpdateTime ?? response.CommitTime)).ToList();
        }
        catch (RpcException ex) when (PreconditionErrors.Translate(ex, writes) is { } typed)
        {
            throw typed;
        }
    }

    public async Task RollbackAsync(ByteString transaction)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _client.RollbackAsync(new RollbackRequest { Database = DatabasePath, Transaction = transaction }, Headers(), cancellationToken: timeout.Token).ConfigureAwait(false);
    }
}
