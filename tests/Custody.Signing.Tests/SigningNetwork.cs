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

    private readonly string _root = Directory.CreateTempSubdirectory("custody-network-").FullName;
    private readonly List<IDisposable> _secrets = [];
    private DevAttestationIssuer _issuer = null!;
    private ConfidentialSpaceTokenClient _launcher = null!;

    private SigningNetwork(FirestoreDatabase database, AdmissionFixture approvals)
    {
        Database = database;
        Approvals = approvals;
    }

    public FirestoreDatabase Database { get; }

    public AdmissionFixture Approvals { get; }

    /// <summary>The signer's own state.</summary>
    public SignerParty Signer { get; private set; } = null!;

    public Dictionary<string, TestCosigner> Cosigners { get; } = [];

    /// <summary>The folder of the signer's sealed shares and wallet records.</summary>
    public string SignerShareFolder => Path.Combine(_root, "signer", "shares");

    /// <summary>Every party's share store, by name.</summary>
    public IReadOnlyDictionary<string, IShareStore> Shares => Cosigners.ToDictionary(c => c.Key, c => (IShareStore)c.Value.Shares).Append(new("signer", Signer.Shares)).ToDictionary();

    public LoopbackCoordinator Coordinator { get; private set; } = null!;

    public SigningCoordinator Coordination { get; private set; } = null!;

    public KeyCeremonyCoordinator Ceremony { get; private set; } = null!;

    public CoordinatorSettings Settings { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));

    /// <summary>Starts the signer's endpoint; <paramref name="policiesOf"/> chooses a party's policies (default: the fixture's).</summary>
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
        var attestation = new AttestationVerifierOptions
        {
            EnvironmentName = "Test",
            Issuer = _issuer.Issuer,
            Audience = Audience,
            AllowedImageDigests = [AdmissionFixture.ImageDigest],
        };
        var signerKeys = PartyKeys.Generate(PartyId.Create(Names["signer"]));
        _secrets.Add(signerKeys);
        foreach (var (name, id) in Names.Where(n => n.Key != "signer"))
        {
            Cosigners[name] = new TestCosigner(name, PartyKeys.Generate(PartyId.Create(id)), Path.Combine(_root, name), Database, policiesOf(name), Approvals.Registry, attestation);
        }

        var provider = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = Path.Combine(_root, "signer", "party.kek") }, "Test");
        _secrets.Add(provider);
        Signer = new SignerParty(new PartyDirectory(signerKeys, Pinned), new FolderShareStore(SignerShareFolder, "signer", provider), policiesOf("signer"), Database);
        Coordinator = await LoopbackCoordinator.StartAsync(Signer.Directory);
        var admission = new PartyAdmission("signer", Signer.Shares, Signer.Policies, Approvals.Registry, null, Signer.Log, TimeProvider.System);
        Coordination = new SigningCoordinator("signer", Coordinator.Hub, Signer.Shares, admission, Signer.Sessions,
            new LauncherSessionAttester(_launcher, Audience), Settings, NullLogger<SigningCoordinator>.Instance);
        Ceremony = new KeyCeremonyCoordinator("signer", Coordinator.Hub, Signer.Sessions, Settings, NullLogger<KeyCeremonyCoordinator>.Instance);
    }

    private IEnumerable<PinnedParty> Pinned => Cosigners.Values.Select(c => c.Keys.Pinned());

    /// <summary>Connects a co-signer and serves its requests with <paramref name="behaviour"/> (default: honest) until disposed.</summary>
    public async Task<PartyLink> ConnectAsync(string name, TestCosigner.Behaviour? behaviour = null)
    {
        var cosigner = Cosigners[name];
        var link = await cosigner.ConnectAsync(Coordinator.Address, Signer.Directory.Self.Party, Coordinator.CertificatePin, Pinned.Append(Signer.Directory.Self.Pinned()), behaviour);
        await Coordinator.Hub.WaitForAsync(cosigner.Id, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return link;
    }

    /// <summary>The key ceremony of a 2-of-3 wallet on chain 31337 between the three parties (both co-signers connected).</summary>
    public Task<KeygenResult> KeygenAsync(CancellationToken ct) =>
        Ceremony.RunAsync(AdmissionFixture.WalletId, 2, Names, [AdmissionFixture.ChainId], ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var cosigner in Cosigners.Values)
        {
            await cosigner.DisposeAsync();
        }

        await Coordinator.DisposeAsync();
        _launcher.Dispose();
        await _issuer.DisposeAsync();
        foreach (var secret in _secrets)
        {
            secret.Dispose();
        }

        Directory.Delete(_root, recursive: true);
    }

    /// <summary>The signer's own state: its directory, share folder, policies, ledger and signing log (partitioned by its name).</summary>
    public sealed class SignerParty(PartyDirectory directory, FolderShareStore shares, PolicyBook policies, FirestoreDatabase database)
    {
        public PartyDirectory Directory { get; } = directory;

        public FolderShareStore Shares { get; } = shares;

        public PolicyBook Policies { get; } = policies;

        public FirestoreSigningLog Log { get; } = new(database, "signer");

        public PartySessions Sessions { get; } = new("signer", shares, new FirestoreSessionLedger(database, "signer"), new FirestoreSigningLog(database, "signer"), TimeProvider.System);
    }
}
