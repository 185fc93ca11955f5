using System.Net.Http.Json;
using System.Security.Cryptography;
using Custody.Attestation.Dev;
using Custody.Contracts.Admin;
using Custody.Ethereum;
using Custody.Chain.Dev;
using Custody.Gcp.Emulators;
using Custody.Cli.Commands.Services;
using Custody.ServiceDefaults.Authentication;

namespace Custody.Cli;

/// <summary>
/// What <c>custody bench signing</c> runs against (docs/signing.md "Benchmark"): the Pub/Sub and Firestore
/// emulators, anvil, a dev attestation issuer on a launcher socket, and the signer and two co-signers as their real
/// hosts in child processes, each with its own sealed identity file, key file and share store, the roster pinning
/// all three and the signer's TLS certificate pinned by the co-signers. Every setting is one an operator would give.
/// </summary>
internal sealed class SigningBenchStack : IAsyncDisposable
{
    public const ulong ChainId = 31337;
    public const string Payee = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";
    private const string Audience = "custody-bench-signer";
    private const string AttestationAudience = "custody-cosigners";
    private const string ImageDigest = DevTokenProfile.LocalImageDigest;
    private static readonly IReadOnlyList<string> Cosigners = StackFiles.Cosigners;

    private readonly StartedEmulators _emulators = new();
    private readonly List<IAsyncDisposable> _started = [];
    private DevIdTokenIssuer? _tokens;

    private SigningBenchStack(DirectoryInfo work)
    {
        Work = work;
        ProjectId = $"bench-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}";
    }

    public DirectoryInfo Work { get; }

    public string ProjectId { get; }

    public string FirestoreHost { get; private set; } = "";

    public string PubSubHost { get; private set; } = "";

    public AnvilNode Anvil { get; private set; } = null!;

    public ServiceProcess Signer { get; private set; } = null!;

    public static async Task<SigningBenchStack> StartAsync(CancellationToken ct)
    {
        var stack = new SigningBenchStack(Directory.CreateTempSubdirectory("custody-bench-signing-"));
        try
        {
            await stack.InitializeAsync(ct).ConfigureAwait(false);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task InitializeAsync(CancellationToken ct)
    {
        FirestoreHost = await _emulators.StartAsync(GoogleEmulatorKind.Firestore, ct).ConfigureAwait(false);
        PubSubHost = await _emulators.StartAsync(GoogleEmulatorKind.PubSub, ct).ConfigureAwait(false);
        await Console.Error.WriteLineAsync("starting anvil ...").ConfigureAwait(false);
        Anvil = await AnvilNode.StartAsync(Demo.RepoLayout.Anvil(), ["--silent"], TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
        _started.Add(Anvil);
        var socket = Path.Combine(Work.FullName, "teeserver.sock");
        var attestation = await DevAttestationIssuer.StartAsync(new DevAttestationIssuerOptions
        {
            EnvironmentName = "Development", LauncherSocketPath = socket, Profile = new DevTokenProfile { ImageDigest = ImageDigest },
        }, ct).ConfigureAwait(false);
        _started.Add(attestation);
        _tokens = await DevIdTokenIssuer.StartAsync("Development", ct: ct).ConfigureAwait(false);

        var files = await StackFiles.WriteAsync(Work.FullName, "bench", PolicyJson, ct).ConfigureAwait(false);
        var coordinatorPort = ServiceProcess.FreePort();

        await Console.Error.WriteLineAsync("starting the signer and two co-signers ...").ConfigureAwait(false);
        Signer = await ServiceProcess.StartAsync("Signer", new Dictionary<string, string>(Common(files.KeyFile(StackFiles.Signer)), StringComparer.Ordinal)
        {
            ["Google__PubSubEmulatorHost"] = PubSubHost,
            ["Messaging__Source"] = "//custody/signer",
            ["Messaging__ProvisionTopology"] = "true",
            ["Authentication__Authority"] = _tokens.Issuer,
            ["Authentication__Audience"] = Audience,
            ["Signer__IdentityFile"] = files.IdentityFile(StackFiles.Signer),
            ["Signer__RosterFile"] = files.Roster,
            ["Signer__PolicyDirectory"] = files.Policies,
            ["Signer__ApproversDirectory"] = files.Approvers,
            ["Signer__NodeUrl"] = Anvil.Endpoint.ToString(),
            ["Signer__CoordinatorListenAddress"] = "127.0.0.1",
            ["Signer__CoordinatorPort"] = coordinatorPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Signer__CertificateFile"] = files.Certificate,
            ["Signer__CertificateKeyFile"] = files.CertificateKey,
            ["Signer__AttestationSocket"] = socket,
            ["Signer__AttestationAudience"] = AttestationAudience,
        }, Work.FullName, ct).ConfigureAwait(false);
        _started.Add(Signer);
        foreach (var party in Cosigners)
        {
            _started.Add(await ServiceProcess.StartAsync("Cosigner", new Dictionary<string, string>(Common(files.KeyFile(party)), StringComparer.Ordinal)
            {
                ["Cosigner__Party"] = party,
                ["Cosigner__ShareDirectory"] = files.ShareDirectory(party),
                ["Cosigner__PolicyDirectory"] = files.Policies,
                ["Cosigner__ApproversDirectory"] = files.Approvers,
                ["Cosigner__IdentityFile"] = files.IdentityFile(party),
                ["Cosigner__RosterFile"] = files.Roster,
                ["Cosigner__CoordinatorAddress"] = $"https://127.0.0.1:{coordinatorPort}/",
                ["Cosigner__CoordinatorCertificatePin"] = files.CertificatePin,
                ["Attestation__Issuer"] = attestation.Issuer,
                ["Attestation__Audience"] = AttestationAudience,
                ["Attestation__AllowedImageDigests__0"] = ImageDigest,
            }, Work.FullName, ct, logName: party).ConfigureAwait(false));
        }

        await WaitForCosignersAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Settings every party shares: the emulators, its own project's Firestore (one project: the co-signers' documents are partitioned by party name) and its own key file.</summary>
    private Dictionary<string, string> Common(string kek) => new(StringComparer.Ordinal)
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Google__ProjectId"] = ProjectId,
        ["Google__UseEmulators"] = "true",
        ["Google__FirestoreEmulatorHost"] = FirestoreHost,
        ["Keys__Provider"] = "dev-file",
        ["Keys__DevFile__Path"] = kek,
        ["Keys__DevFile__CreateIfMissing"] = "false",
    };

    /// <summary>An HTTP client of the signer's admin API with an operator's token.</summary>
    public HttpClient Operator()
    {
        var client = new HttpClient { BaseAddress = Signer.Url, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", _tokens!.Issue("bench-operator", [ServiceRoles.Operator], Audience, TimeSpan.FromHours(2)));
        return client;
    }

    /// <summary>The key ceremony of a 2-of-3 wallet through the signer's admin API; the wallet is funded from anvil.</summary>
    public async Task<KeygenResponse> CreateWalletAsync(string walletId, CancellationToken ct)
    {
        using var client = Operator();
        using var response = await client.PostAsJsonAsync(new Uri("v1/wallets", UriKind.Relative), new KeygenRequest(walletId, 2, ["signer", .. Cosigners], [ChainId]),
            AdminJsonContext.Default.KeygenRequest, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new ArgumentException($"the key ceremony of {walletId} failed ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}");
        }

        var wallet = (await response.Content.ReadFromJsonAsync(AdminJsonContext.Default.KeygenResponse, ct).ConfigureAwait(false))!;
        await Anvil.FundAsync(Address.Parse(wallet.Address), UInt256.Parse("1000000000000000000000"), ct).ConfigureAwait(false);
        return wallet;
    }

    private async Task WaitForCosignersAsync(CancellationToken ct)
    {
        using var client = Operator();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = await client.GetFromJsonAsync(new Uri("v1/parties", UriKind.Relative), AdminJsonContext.Default.PartiesStatus, ct).ConfigureAwait(false);
            if (status is not null && Cosigners.All(status.Connected.Contains))
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new ArgumentException($"the co-signers did not connect to the signer within 60 s (connected: {string.Join(", ", status?.Connected ?? [])}); see the logs in {Work.FullName}.");
            }

            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }

    /// <summary>One policy for every party: transfers to the payee are allowed (no approvals to collect), fees capped for anvil's chain.</summary>
    public const string PolicyJson = """
        {
          "version": 1,
          "name": "bench-signing",
          "addressBooks": { "payees": ["0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"] },
          "feeCaps": { "31337": { "maxFeePerGas": "100000000000", "maxTotalFee": "10000000000000000" } },
          "rules": [
            { "id": "bench-allow", "when": { "assets": ["native"], "destination": { "type": "addressBook", "name": "payees" } }, "action": { "type": "ALLOW" } },
            { "id": "everything-else", "action": { "type": "BLOCK" } }
          ]
        }
        """;

    public async ValueTask DisposeAsync()
    {
        foreach (var started in Enumerable.Reverse(_started))
        {
            await started.DisposeAsync().ConfigureAwait(false);
        }

        if (_tokens is not null)
        {
            await _tokens.DisposeAsync().ConfigureAwait(false);
        }

        await _emulators.DisposeAsync().ConfigureAwait(false);
    }
}
