using System.Security.Cryptography;
using Custody.Keys.DevFile;
using Custody.Keys.Sealing;
using Custody.Mpc.Protocol;
using Custody.Parties.Identity;
using Custody.Testing;

namespace Custody.Cosigner.Tests.Support;

/// <summary>
/// What the operator of co-signer <see cref="Party"/> (MPC party 2) prepares before starting the service
/// (docs/signing.md "The co-signer service"): a dev key file, the sealed identity file made with it, the roster
/// pinning the signer (1), itself and cosigner-b (3), a policy folder, an approver registry and a share folder.
/// The signer's and cosigner-b's keys are generated here; the signer's directory is what its endpoint pins.
/// </summary>
internal sealed class CosignerFiles : IAsyncDisposable
{
    public const string Party = "cosigner-a";
    public static readonly PartyId Signer = PartyId.Create(1);
    public static readonly PartyId CosignerA = PartyId.Create(2);
    public static readonly PartyId CosignerB = PartyId.Create(3);
    public static readonly string ImageDigest = "sha256:" + new string('b', 64);

    public const string PolicyText = """
        {
          "version": 1,
          "name": "cosigner-service-tests",
          "addressBooks": { "payees": ["0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"] },
          "approverGroups": { "treasury": ["alice"] },
          "feeCaps": { "31337": { "maxFeePerGas": "100000000000", "maxTotalFee": "10000000000000000" } },
          "rules": [
            { "id": "small", "when": { "assets": ["native"], "destination": { "type": "addressBook", "name": "payees" },
                                       "amount": { "max": "10000000000000000" } },
              "action": { "type": "ALLOW" } },
            { "id": "everything-else", "action": { "type": "BLOCK" } }
          ]
        }
        """;

    private readonly DevFileKeyEncryptionProvider _provider;

    private CosignerFiles(string root, DevFileKeyEncryptionProvider provider, PartyKeys signer, PartyKeys cosignerB, PinnedParty own)
    {
        Root = root;
        _provider = provider;
        SignerKeys = signer;
        CosignerBKeys = cosignerB;
        Own = own;
        SignerDirectory = new PartyDirectory(signer, [signer.Pinned(), own, cosignerB.Pinned()]);
    }

    public string Root { get; }

    public string KeyFile => Path.Combine(Root, "party.kek");

    public string IdentityFile => Path.Combine(Root, "identity.sealed");

    public string RosterFile => Path.Combine(Root, "roster.json");

    public string ShareDirectory => Path.Combine(Root, "shares");

    public PartyKeys SignerKeys { get; }

    public PartyKeys CosignerBKeys { get; }

    /// <summary>The public keys in this co-signer's identity file.</summary>
    public PinnedParty Own { get; }

    /// <summary>The signer's keys and pins (this co-signer's real keys among them).</summary>
    public PartyDirectory SignerDirectory { get; }

    public KeySealer Sealer => new(_provider);

    public static async Task<CosignerFiles> CreateAsync()
    {
        var root = Directory.CreateTempSubdirectory("custody-cosigner-").FullName;
        var provider = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = Path.Combine(root, "party.kek") }, "Test");
        var own = await PartyIdentityFile.CreateAsync(Path.Combine(root, "identity.sealed"), Party, CosignerA, new KeySealer(provider), CancellationToken.None);
        var files = new CosignerFiles(root, provider, PartyKeys.Generate(Signer), PartyKeys.Generate(CosignerB), own);
        files.WriteRoster(own);
        Directory.CreateDirectory(Path.Combine(root, "policies"));
        await File.WriteAllTextAsync(Path.Combine(root, "policies", "policy.json"), PolicyText);
        Directory.CreateDirectory(Path.Combine(root, "approvers"));
        using var alice = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await File.WriteAllTextAsync(Path.Combine(root, "approvers", "alice.pub.pem"), alice.ExportSubjectPublicKeyInfoPem());
        return files;
    }

    /// <summary>Writes the roster with <paramref name="pinnedForSelf"/> as this co-signer's entry (its own keys, or others' to test a mismatch).</summary>
    public void WriteRoster(PinnedParty pinnedForSelf) =>
        File.WriteAllBytes(RosterFile, PartyRoster.Write(new Dictionary<string, PinnedParty>
        {
            ["signer"] = SignerKeys.Pinned(),
            [Party] = pinnedForSelf,
            ["cosigner-b"] = CosignerBKeys.Pinned(),
        }));

    /// <summary>The service's configuration against <paramref name="endpoint"/> and its own project on the emulator.</summary>
    public Dictionary<string, string?> Settings(LoopbackCoordinator endpoint, FirestoreEmulator firestore, string projectId) => new(StringComparer.Ordinal)
    {
        ["Cosigner:Party"] = Party,
        ["Cosigner:ShareDirectory"] = ShareDirectory,
        ["Cosigner:PolicyDirectory"] = Path.Combine(Root, "policies"),
        ["Cosigner:ApproversDirectory"] = Path.Combine(Root, "approvers"),
        ["Cosigner:IdentityFile"] = IdentityFile,
        ["Cosigner:RosterFile"] = RosterFile,
        ["Cosigner:CoordinatorAddress"] = endpoint.Address.ToString(),
        ["Cosigner:CoordinatorCertificatePin"] = Convert.ToHexStringLower(endpoint.CertificatePin),
        ["Keys:Provider"] = "dev-file",
        ["Keys:DevFile:Path"] = KeyFile,
        ["Keys:DevFile:CreateIfMissing"] = "false",
        ["Google:ProjectId"] = projectId,
        ["Google:UseEmulators"] = "true",
        ["Google:FirestoreEmulatorHost"] = firestore.Host,
        // No token is verified by these tests; the issuer is never asked.
        ["Attestation:Issuer"] = "http://127.0.0.1:9/",
        ["Attestation:Audience"] = Party,
        ["Attestation:AllowedImageDigests:0"] = ImageDigest,
    };

    public ValueTask DisposeAsync()
    {
        SignerKeys.Dispose();
        CosignerBKeys.Dispose();
        _provider.Dispose();
        Directory.Delete(Root, recursive: true);
        return ValueTask.CompletedTask;
    }
}
