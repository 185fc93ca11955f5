using Custody.Attestation.Client;
using Custody.Attestation.Dev;
using Custody.Attestation.Verification;
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
using Custody.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Custody.Signing.Tests;

/// <summary>
/// The signer and two co-signers as the services run them (docs/signing.md "Coordination"): the signer hosts the
/// coordination endpoint (real Kestrel, TLS, loopback) and coordinates; each co-signer dials in over its own
/// <see cref="PartyLink"/> with its own identity keys, share folder, policies, approver registry, attestation
/// verifier, session ledger and signing log on the Firestore emulator, and answers requests with
/// <see cref="CosignerRequestHandler"/> (or a test's own behaviour: a malicious or failing co-signer). The signer's
/// attestation tokens come through the launcher socket protocol from a dev issuer.
/// </summary>
internal sealed class SigningNetwork : IAsyncDisposable
{
    public const string Audience = "custody-signing";
    public static readonly IReadOnlyDictionary<string, int> Names = new Dictionary<string, int> { ["signer"] = 1, ["cosigner-a"] = 2, ["cosigner-b"] = 3 };

    /// <summary>What a co-signer does with a request; the honest one hands it to <see cref="CosignerRequestHandler"/>.</summary>
    public delegate Task Behaviour(Party self, PartyLink link, PartyRequest request, CancellationToken ct);

    private readonly string _root = Directory.CreateTempSubdirectory("custody-network-").FullName;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly List<PartyLink> _links = [];
    private readonly HttpClient _http = new();
    private DevAttestationIssuer _issuer = null!;
    private ConfidentialSpaceTokenClient _launcher = null!;
    private readonly List<IDisposable> _secrets = [];

    private SigningNetwork(FirestoreDatabase database, AdmissionFixture approvals)
    {
        Database = database;
        Approvals = approvals;
    }

    public FirestoreDatabase Database { get; }

    public AdmissionFixture Approvals { get; }

    public Dictionary<string, Party> Parties { get; } = [];

    public LoopbackCoordinator Coordinator { get; private set; } = null!;

    public SigningCoordinator Signer { get; private set; } = null!;

    public KeyCeremonyCoordinator Ceremony { get; private set; } = null!;

    public CoordinatorSettings Settings { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));

    /// <summary>Starts the signer's endpoint; <paramref name="policiesOf"/> chooses a co-signer's policies (default: the fixture's).</summary>
    public static async Task<SigningNetwork> StartAsync(FirestoreDatabase database, AdmissionFixture approvals, Func<string, PolicyBook>? policiesOf = null)
    {
        var network = new SigningNetwork(database, approvals);
        await network.InitializeAsync(policiesOf ?? (_ => new PolicyBook([approvals.Policy])));
        return network;
    }

    private async Task InitializeAsync(Func<string, PolicyBook> policiesOf)
    {
        var socket = Path.Combine(_root, "teeserver.sock");
        _issuer = await DevAttestationIssuer.StartAsync(new DevAttestationIssuerOptions
        {
            EnvironmentName = "Test",
            LauncherSocketPath = socket,
            Profile = new DevTokenProfile { ImageDigest = AdmissionFixture.ImageDigest },
        });
        _launcher = new ConfidentialSpaceTokenClient(socket);
        var keys = Names.ToDictionary(n => n.Key, n => PartyKeys.Generate(PartyId.Create(n.Value)));
        _secrets.AddRange(keys.Values);
        foreach (var (name, id) in Names)
        {
            var directory = new PartyDirectory(keys[name], keys.Values.Select(k => k.Pinned()));
            Parties[name] = new Party(name, PartyId.Create(id), directory, Store(name), policiesOf(name), Database);
        }

        var signer = Parties["signer"];
        Coordinator = await LoopbackCoordinator.StartAsync(signer.Directory);
        var admission = new PartyAdmission("signer", signer.Shares, signer.Policies, Approvals.Registry, null, signer.Log, TimeProvider.System);
        Signer = new SigningCoordinator("signer", Coordinator.Hub, signer.Shares, admission, signer.Sessions,
            new LauncherSessionAttester(_launcher, Audience), Settings, NullLogger<SigningCoordinator>.Instance);
        Ceremony = new KeyCeremonyCoordinator("signer", Coordinator.Hub, signer.Sessions, Settings, NullLogger<KeyCeremonyCoordinator>.Instance);
    }

    /// <summary>Connects a co-signer and serves its requests with <paramref name="behaviour"/> (default: honest) until disposed.</summary>
    public async Task<PartyLink> ConnectAsync(string name, Behaviour? behaviour = null)
    {
        var party = Parties[name];
        var link = await PartyLink.ConnectAsync(Coordinator.Address, Parties["signer"].Id, party.Directory, Coordinator.CertificatePin, NullLogger.Instance, CancellationToken.None);
        _links.Add(link);
        await Coordinator.Hub.WaitForAsync(party.Id, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        var serve = behaviour ?? Honest;
        var verifier = Verifier(name);
        party.Node = new CosignerNode(name, new PartyAdmission(name, party.Shares, party.Policies, Approvals.Registry, verifier, party.Log, TimeProvider.System),
            party.Sessions, new AuditLog(Database), TimeProvider.System, NullLogger<CosignerNode>.Instance);
        _loops.Add(Task.Run(async () =>
        {
            var requests = new List<Task>();
            try
            {
                await foreach (var request in link.Requests.ReadAllAsync(_stop.Token))
                {
                    requests.Add(Task.Run(() => serve(party, link, request, _stop.Token)));
                }
            }
            catch (OperationCanceledException)
            {
            }

            await Task.WhenAll(requests).ConfigureAwait(false);
        }));
        return link;
    }

    /// <summary>The key ceremony of a 2-of-3 wallet on chain 31337 between the three parties (both co-signers connected).</summary>
    public Task<KeygenResult> KeygenAsync(CancellationToken ct) =>
        Ceremony.RunAsync(AdmissionFixture.WalletId, 2, Names, [AdmissionFixture.ChainId], ct);

    public static Task Honest(Party self, PartyLink link, PartyRequest request, CancellationToken ct) =>
        new CosignerRequestHandler(self.Node!, self.Sessions, TimeSpan.FromSeconds(20), NullLogger<CosignerRequestHandler>.Instance).HandleAsync(link, request, ct);

    private AttestationVerifier Verifier(string name) => new(new AttestationVerifierOptions
    {
        EnvironmentName = "Test",
        Issuer = _issuer.Issuer,
        Audience = Audience,
        AllowedImageDigests = [AdmissionFixture.ImageDigest],
    }, new OidcSigningKeySource(_http, _issuer.Issuer, "Test"));

    /// <summary>The folder of <paramref name="party"/>'s sealed shares and wallet records.</summary>
    public string ShareFolder(string party) => Path.Combine(_root, party, "shares");

    private FolderShareStore Store(string party)
    {
        var folder = Path.Combine(_root, party);
        var provider = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = Path.Combine(folder, "party.kek") }, "Test");
        _secrets.Add(provider);
        return new FolderShareStore(ShareFolder(party), party, provider);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var link in _links)
        {
            await link.DisposeAsync();
        }

        await Task.WhenAll(_loops);
        await Coordinator.DisposeAsync();
        _launcher.Dispose();
        await _issuer.DisposeAsync();
        _http.Dispose();
        _stop.Dispose();
        foreach (var secret in _secrets)
        {
            secret.Dispose();
        }

        Directory.Delete(_root, recursive: true);
    }

    /// <summary>One party's own state: its keys, share folder, policies, ledger and signing log (partitioned by its name).</summary>
    public sealed class Party(string name, PartyId id, PartyDirectory directory, FolderShareStore shares, PolicyBook policies, FirestoreDatabase database)
    {
        public string Name { get; } = name;

        public PartyId Id { get; } = id;

        public PartyDirectory Directory { get; } = directory;

        public FolderShareStore Shares { get; } = shares;

        public PolicyBook Policies { get; } = policies;

        public FirestoreSigningLog Log { get; } = new(database, name);

        public PartySessions Sessions { get; } = new(name, shares, new FirestoreSessionLedger(database, name), new FirestoreSigningLog(database, name), TimeProvider.System);

        /// <summary>The co-signer's node, once connected.</summary>
        public CosignerNode? Node { get; set; }
    }
}
