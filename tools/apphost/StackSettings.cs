using System.Globalization;
using Custody.Attestation.Dev;

namespace Custody.AppHost;

/// <summary>
/// Every service's settings in the local stack (docs/running.md), as environment variables: the settings an operator
/// would give, pointing at the emulators, anvil, the dev issuers and the files `custody dev stack-files` writes into
/// <see cref="Files"/>. One definition for the AppHost and for the test that starts each service's configuration
/// checks against freshly written stack files (tests/Custody.AppHost.Tests).
/// </summary>
internal sealed class StackSettings(StackPorts ports, string stackFolder)
{
    public const string ProjectId = "custody-local";
    public const string Audience = "custody";
    public const string AttestationAudience = "custody-cosigners";
    public const string PolicyName = "local";

    /// <summary>anvil's default chain id.</summary>
    public const ulong AnvilChainId = 31337;

    /// <summary>The policy every party holds (tools/apphost/local-policy.json: the reference scenario's rules).</summary>
    public const string PolicyFileName = "local-policy.json";

    /// <summary>
    /// The demo's ERC-20 token (CTT, 18 decimals) in the policy service's token registry: the address anvil gives the
    /// first contract its first dev account deploys (CREATE from nonce 0), which `custody demo` checks when it deploys it.
    /// </summary>
    public const string TestTokenAddress = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    /// <summary>Stack:Folder when given (an existing, empty folder), else a new temporary folder.</summary>
    public static string Folder(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        configuration["Stack:Folder"] is { Length: > 0 } given
            ? Directory.Exists(given) && !Directory.EnumerateFileSystemEntries(given).Any()
                ? Path.GetFullPath(given)
                : throw new InvalidOperationException($"Stack:Folder {given} must be an existing, empty folder.")
            : Directory.CreateTempSubdirectory("custody-stack-").FullName;

    /// <summary>The folder `custody dev stack-files --out` fills.</summary>
    public string Files { get; } = Path.Combine(stackFolder, "files");

    /// <summary>The launcher token socket the dev attestation issuer serves and the signer reads.</summary>
    public string LauncherSocket { get; } = Path.Combine(stackFolder, "teeserver.sock");

    public Uri AnvilUrl => new($"http://127.0.0.1:{ports.Anvil}/");

    public string SignerPinFile => Path.Combine(Files, "signer.pin");

    /// <summary>Where the dev OIDC issuer writes its tokens (`custody dev issuer --token-file`, mode 0600).</summary>
    public string TokenFile { get; } = Path.Combine(stackFolder, "tokens");

    /// <summary>`custody dev issuer`: the services' bearer tokens, one per role and subject the stack uses, written to <see cref="TokenFile"/>.</summary>
    public IReadOnlyList<string> OidcIssuerArguments() =>
        ["dev", "issuer", "--port", ports.OidcIssuer.ToString(CultureInfo.InvariantCulture), "--audience", Audience,
            "--token", "upstream-app:payments-app", "--token", "custody-operator:operator", "--token", "approver:alice", "--token", "approver:bob",
            "--token-file", TokenFile];

    /// <summary>`custody dev attestation`: Confidential Space's issuer and the launcher's token socket, claiming the dev signer image.</summary>
    public IReadOnlyList<string> AttestationIssuerArguments() =>
        ["dev", "attestation", "--port", ports.AttestationIssuer.ToString(CultureInfo.InvariantCulture), "--socket", LauncherSocket, "--image-digest", DevTokenProfile.LocalImageDigest];

    /// <summary>`custody dev stack-files`: the parties' files, every party holding <paramref name="policyFile"/> (<see cref="PolicyFileName"/>).</summary>
    public IReadOnlyList<string> StackFilesArguments(string policyFile) => ["dev", "stack-files", "--out", Files, "--policy", policyFile];

    /// <summary>What every service runs with: Development (DCP starts projects without a launch profile, so they would
    /// otherwise be Production, which refuses the dev key files and a plain-http token issuer) and the emulators.</summary>
    private Dictionary<string, string> Common() => new(StringComparer.Ordinal)
    {
        ["DOTNET_ENVIRONMENT"] = "Development",
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Google__ProjectId"] = ProjectId,
        ["Google__UseEmulators"] = "true",
        ["Google__FirestoreEmulatorHost"] = $"127.0.0.1:{ports.Firestore}",
    };

    /// <summary>A service on the bus with a bearer-token API: Pub/Sub (topology provisioned) and the dev OIDC issuer.</summary>
    private Dictionary<string, string> BusService()
    {
        var settings = Common();
        settings["Google__PubSubEmulatorHost"] = $"127.0.0.1:{ports.PubSub}";
        settings["Messaging__ProvisionTopology"] = "true";
        settings["Authentication__Authority"] = $"http://127.0.0.1:{ports.OidcIssuer}";
        settings["Authentication__Audience"] = Audience;
        return settings;
    }

    /// <summary>A signing party's dev key file (written by stack-files, never created by the service).</summary>
    private void KeyFile(Dictionary<string, string> settings, string party)
    {
        settings["Keys__Provider"] = "dev-file";
        settings["Keys__DevFile__Path"] = Path.Combine(Files, party + ".kek");
        settings["Keys__DevFile__CreateIfMissing"] = "false";
    }

    public IReadOnlyDictionary<string, string> Intake() => BusService();

    public IReadOnlyDictionary<string, string> Policy()
    {
        var settings = BusService();
        settings["Policy__File"] = Path.Combine(Files, "policies", PolicyName + ".json");
        settings["Policy__ApproversDirectory"] = Path.Combine(Files, "approvers");
        settings["Policy__Tokens__0__Address"] = TestTokenAddress;
        settings["Policy__Tokens__0__Symbol"] = "CTT";
        settings["Policy__Tokens__0__Decimals"] = "18";
        return settings;
    }

    public IReadOnlyDictionary<string, string> Signer()
    {
        var settings = BusService();
        KeyFile(settings, "signer");
        settings["Messaging__Source"] = "//custody/signer";
        settings["Signer__IdentityFile"] = Path.Combine(Files, "signer.identity");
        settings["Signer__RosterFile"] = Path.Combine(Files, "roster.json");
        settings["Signer__PolicyDirectory"] = Path.Combine(Files, "policies");
        settings["Signer__ApproversDirectory"] = Path.Combine(Files, "approvers");
        settings["Signer__NodeUrl"] = AnvilUrl.ToString();
        settings["Signer__CoordinatorListenAddress"] = "127.0.0.1";
        settings["Signer__CoordinatorPort"] = ports.SignerCoordinator.ToString(CultureInfo.InvariantCulture);
        settings["Signer__CertificateFile"] = Path.Combine(Files, "signer.crt");
        settings["Signer__CertificateKeyFile"] = Path.Combine(Files, "signer.key");
        settings["Signer__AttestationSocket"] = LauncherSocket;
        settings["Signer__AttestationAudience"] = AttestationAudience;
        return settings;
    }

    /// <summary>The broadcaster: anvil as its node (chain 31337, one confirmation, as a dev chain mines on demand) and the policies' fee caps.</summary>
    public IReadOnlyDictionary<string, string> Broadcaster()
    {
        var settings = BusService();
        settings["Messaging__Source"] = "//custody/broadcaster";
        settings["Broadcaster__NodeUrl"] = AnvilUrl.ToString();
        settings["Broadcaster__ChainId"] = AnvilChainId.ToString(CultureInfo.InvariantCulture);
        settings["Broadcaster__PolicyDirectory"] = Path.Combine(Files, "policies");
        settings["Broadcaster__Confirmations"] = "1";
        settings["Broadcaster__PollInterval"] = "00:00:01";
        return settings;
    }

    /// <summary>A co-signer; <paramref name="signerPin"/> is the content of <see cref="SignerPinFile"/>, which exists once stack-files has run.</summary>
    public IReadOnlyDictionary<string, string> Cosigner(string party, string signerPin)
    {
        var settings = Common();
        KeyFile(settings, party);
        settings["Cosigner__Party"] = party;
        settings["Cosigner__ShareDirectory"] = Path.Combine(Files, party, "shares");
        settings["Cosigner__PolicyDirectory"] = Path.Combine(Files, "policies");
        settings["Cosigner__ApproversDirectory"] = Path.Combine(Files, "approvers");
        settings["Cosigner__IdentityFile"] = Path.Combine(Files, party + ".identity");
        settings["Cosigner__RosterFile"] = Path.Combine(Files, "roster.json");
        settings["Cosigner__CoordinatorAddress"] = $"https://127.0.0.1:{ports.SignerCoordinator}/";
        settings["Cosigner__CoordinatorCertificatePin"] = signerPin.Trim();
        settings["Attestation__Issuer"] = $"http://127.0.0.1:{ports.AttestationIssuer}";
        settings["Attestation__Audience"] = AttestationAudience;
        settings["Attestation__AllowedImageDigests__0"] = DevTokenProfile.LocalImageDigest;
        return settings;
    }
}
