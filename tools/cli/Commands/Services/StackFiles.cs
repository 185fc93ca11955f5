using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Custody.Keys.DevFile;
using Custody.Keys.Sealing;
using Custody.Mpc.Protocol;
using Custody.Parties.Identity;

namespace Custody.Cli.Commands.Services;

/// <summary>
/// The files a local signer and its co-signers start from (docs/running.md "Stack files"), written into one folder:
/// per party a dev key file (<c>{party}.kek</c>) and its sealed identity (<c>{party}.identity</c>), the roster pinning
/// every party, the signer's TLS certificate for its coordination endpoint with its pin (<c>signer.pin</c>: hex
/// SHA-256 of the DER), a policy folder holding one policy, and an approvers folder with the public key of every
/// approver the policy names and of the dev approvers alice and bob, whose private keys are in <c>approver-keys</c>
/// (for `custody approve --key`). Every party refuses to start on an approvers folder without a key, so it is never
/// empty. Used by <c>custody bench signing</c> and <c>custody dev stack-files</c> (the Aspire AppHost); dev key files
/// only, so never for production.
/// </summary>
internal sealed record StackFiles(string Folder, string Roster, string Certificate, string CertificateKey, string CertificatePin, string Policies, string PolicyFile, string Approvers)
{
    public const string Signer = "signer";
    public static readonly IReadOnlyList<string> Cosigners = ["cosigner-a", "cosigner-b"];

    /// <summary>The approvers the dev OIDC issuer of the local stack hands tokens to (tools/apphost).</summary>
    public static readonly IReadOnlyList<string> DevApprovers = ["alice", "bob"];

    /// <summary>The folder of the approvers' private keys (<c>{approverId}.key.pem</c>, mode 0600).</summary>
    public string ApproverKeys => ApproverKeysIn(Folder);

    /// <summary>The approvers' private keys folder of the stack files in <paramref name="folder"/>.</summary>
    public static string ApproverKeysIn(string folder) => Path.Combine(folder, "approver-keys");

    public string IdentityFile(string party) => Path.Combine(Folder, party + ".identity");

    public string KeyFile(string party) => Path.Combine(Folder, party + ".kek");

    public string ShareDirectory(string party) => Path.Combine(Folder, party, "shares");

    /// <summary>Writes every file into <paramref name="folder"/> (created 0700); refuses a folder that already holds identities.</summary>
    public static async Task<StackFiles> WriteAsync(string folder, string policyName, string policyJson, CancellationToken ct)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new ArgumentException("the local stack files are written with Unix permissions (0700 folder, 0600 keys); Windows is not supported.");
        }

        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (Directory.EnumerateFiles(folder, "*.identity").Any())
        {
            throw new ArgumentException($"{folder} already holds party identities; give an empty or new folder (identities are never overwritten).");
        }

        var policies = Directory.CreateDirectory(Path.Combine(folder, "policies")).FullName;
        var policyFile = Path.Combine(policies, policyName + ".json");
        await File.WriteAllTextAsync(policyFile, policyJson, ct).ConfigureAwait(false);
        var approvers = Directory.CreateDirectory(Path.Combine(folder, "approvers")).FullName;
        var (certificate, key, pin) = WriteCertificate(folder);
        var files = new StackFiles(folder, Path.Combine(folder, "roster.json"), certificate, key, pin, policies, policyFile, approvers);
        foreach (var approver in DevApprovers.Union(Custody.Domain.Policies.PolicyParser.Parse(policyJson).ApproverGroups.Values.SelectMany(g => g), StringComparer.Ordinal))
        {
            ApproverKeyFiles.Write(files.ApproverKeys, Path.Combine(files.ApproverKeys, approver + ".key.pem"), Path.Combine(approvers, approver + ".pub.pem"), out _);
        }

        var pinned = new Dictionary<string, PinnedParty>(StringComparer.Ordinal);
        var id = 1;
        foreach (var party in new[] { Signer }.Concat(Cosigners))
        {
            using var provider = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = files.KeyFile(party) }, "Development");
            pinned[party] = await PartyIdentityFile.CreateAsync(files.IdentityFile(party), party, PartyId.Create(id++), new KeySealer(provider), ct).ConfigureAwait(false);
            Directory.CreateDirectory(files.ShareDirectory(party));
        }

        await File.WriteAllBytesAsync(files.Roster, PartyRoster.Write(pinned), ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, "signer.pin"), pin, ct).ConfigureAwait(false);
        return files;
    }

    /// <summary>The signer's self-signed TLS certificate for 127.0.0.1 (PEM files) and its pin for the co-signers.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static (string Certificate, string Key, string Pin) WriteCertificate(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=custody-local-signer", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        var certificateFile = Path.Combine(folder, "signer.crt");
        var keyFile = Path.Combine(folder, "signer.key");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return (certificateFile, keyFile, Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)));
    }
}
