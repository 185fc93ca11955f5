using Custody.Attestation.Verification;
using Custody.Domain.Approvals;
using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;
using Custody.Keys.DevFile;
using Custody.Mpc.Protocol;
using Custody.Parties.Channel;
using Custody.Parties.Identity;
using Custody.Signing.Admission;
using Custody.Signing.Coordination;
using Custody.Signing.Ledger;
using Custody.Signing.Sessions;
using Custody.Signing.Shares;
using Microsoft.Extensions.Logging.Abstractions;

namespace Custody.Testing;

/// <summary>
/// A co-signer party for tests that talk to a signer (docs/signing.md "Coordination"): its own identity keys, share
/// folder (dev file key), policies, approver registry, attestation verifier, session ledger and signing log on the
/// Firestore emulator (partitioned by its name). It dials the coordinator over a <see cref="PartyLink"/> and answers
/// requests with <see cref="CosignerRequestHandler"/>, or with a test's own <see cref="Behaviour"/> (a malicious or
/// failing co-signer).
/// </summary>
public sealed class TestCosigner : IAsyncDisposable
{
    /// <summary>What a co-signer does with a request; <see cref="HonestAsync"/> hands it to <see cref="CosignerRequestHandler"/>.</summary>
    public delegate Task Behaviour(TestCosigner self, PartyLink link, PartyRequest request, CancellationToken ct);

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly List<PartyLink> _links = [];
    private readonly HttpClient _http = new();
    private readonly DevFileKeyEncryptionProvider _provider;
    private readonly OidcSigningKeySource _signingKeys;

    public TestCosigner(string name, PartyKeys keys, string folder, FirestoreDatabase database, PolicyBook policies, ApproverRegistry approvers, AttestationVerifierOptions attestation)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(attestation);
        Name = name;
        Keys = keys;
        ShareFolder = Path.Combine(folder, "shares");
        _provider = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = Path.Combine(folder, "party.kek") }, "Test");
        Shares = new FolderShareStore(ShareFolder, name, _provider);
        Log = new FirestoreSigningLog(database, name);
        Sessions = new PartySessions(name, Shares, new FirestoreSessionLedger(database, name), Log, TimeProvider.System);
        _signingKeys = new OidcSigningKeySource(_http, attestation.Issuer, attestation.EnvironmentName);
        Node = new CosignerNode(name, new PartyAdmission(name, Shares, policies, approvers, new AttestationVerifier(attestation, _signingKeys), Log, TimeProvider.System),
            Sessions, Log, new AuditLog(database), TimeProvider.System, NullLogger<CosignerNode>.Instance);
    }

    public string Name { get; }

    public PartyKeys Keys { get; }

    public PartyId Id => Keys.Party;

    public string ShareFolder { get; }

    public FolderShareStore Shares { get; }

    public FirestoreSigningLog Log { get; }

    public PartySessions Sessions { get; }

    public CosignerNode Node { get; }

    public static Task HonestAsync(TestCosigner self, PartyLink link, PartyRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(self);
        return new CosignerRequestHandler(self.Node, self.Sessions, TimeSpan.FromSeconds(20), NullLogger<CosignerRequestHandler>.Instance).HandleAsync(link, request, ct);
    }

    /// <summary>Dials the coordinator with <paramref name="roster"/> pinned and serves its requests until disposed.</summary>
    public async Task<PartyLink> ConnectAsync(Uri coordinator, PartyId coordinatorId, byte[]? certificatePin, IEnumerable<PinnedParty> roster, Behaviour? behaviour = null)
    {
        var link = await PartyLink.ConnectAsync(coordinator, coordinatorId, new PartyDirectory(Keys, roster), certificatePin, NullLogger.Instance, CancellationToken.None);
        _links.Add(link);
        var serve = behaviour ?? HonestAsync;
        _loops.Add(Task.Run(async () =>
        {
            var requests = new List<Task>();
            try
            {
                await foreach (var request in link.Requests.ReadAllAsync(_stop.Token))
                {
                    requests.Add(Task.Run(() => serve(this, link, request, _stop.Token)));
                }
            }
            catch (OperationCanceledException)
            {
            }

            await Task.WhenAll(requests).ConfigureAwait(false);
        }));
        return link;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var link in _links)
        {
            await link.DisposeAsync();
        }

        await Task.WhenAll(_loops);
        _signingKeys.Dispose();
        _http.Dispose();
        _provider.Dispose();
        _stop.Dispose();
        Keys.Dispose();
    }
}
