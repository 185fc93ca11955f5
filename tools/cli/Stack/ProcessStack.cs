using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using Custody.AppHost;
using Custody.Chain;
using Custody.Chain.Dev;
using Custody.Cli.Commands.Services;
using Custody.Contracts.Admin;
using Custody.Ethereum;
using Custody.Gcp.Channels;
using Custody.Gcp.Emulators;
using Custody.ServiceDefaults.Authentication;

namespace Custody.Cli;

/// <summary>
/// The whole system at process level, for the system tests (tests/Custody.System.Tests) and the benches
/// (docs/running.md "Process-level stack"): the Pub/Sub and Firestore emulators, anvil, the dev attestation issuer
/// (<c>custody dev attestation</c>), intake, policy, signer, two co-signers and the broadcaster, each its own OS
/// process, wired by the local stack's settings (<see cref="StackSettings"/>, the AppHost's) on a free block of
/// loopback ports. Every part can be SIGKILLed and started again with the same settings and state; logs are files in
/// <see cref="Work"/>. The services' bearer tokens come from a dev OIDC issuer in this process (it plays the
/// institution's identity provider). Dev key files only: never for production.
/// </summary>
internal sealed class ProcessStack : IAsyncDisposable
{
    /// <summary>Seconds between anvil's blocks: interval mining, so that a block can be held back or reorganised between a transaction's inclusion and its confirmation.</summary>
    public const int BlockSeconds = 1;

    /// <summary>The broadcaster's confirmations here: inclusion plus one block, so that a reorg can happen before confirmation.</summary>
    public const int Confirmations = 2;

    private readonly StartedEmulators _emulators = new();
    private readonly List<ServiceProcess> _processes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private DevIdTokenIssuer? _tokens;

    private ProcessStack(DirectoryInfo work, StackOptions options)
    {
        Work = work;
        Options = options;
        Ports = FreePorts();
        Settings = new StackSettings(Ports, work.FullName);
        Chain = new EthereumNode(_http, Settings.AnvilUrl, new EthereumNodeOptions { Timeout = TimeSpan.FromSeconds(10), MaxAttempts = 1 });
    }

    public DirectoryInfo Work { get; }

    public StackOptions Options { get; }

    public StackPorts Ports { get; }

    public StackSettings Settings { get; }

    public string ProjectId => StackSettings.ProjectId;

    public string FirestoreHost { get; private set; } = "";

    public string PubSubHost { get; private set; } = "";

    /// <summary>A JSON-RPC client of anvil (anvil's own methods: <see cref="AnvilRpc"/>).</summary>
    public EthereumNode Chain { get; }

    public ServiceProcess Anvil { get; private set; } = null!;

    public ServiceProcess Signer { get; private set; } = null!;

    public IReadOnlyList<ServiceProcess> Cosigners { get; private set; } = [];

    /// <summary>Null unless <see cref="StackOptions.Pipeline"/>.</summary>
    public ServiceProcess? Intake { get; private set; }

    public ServiceProcess? Policy { get; private set; }

    public ServiceProcess? Broadcaster { get; private set; }

    public StackFiles Files { get; private set; } = null!;

    /// <summary>Every process this stack started, in start order.</summary>
    public IReadOnlyList<ServiceProcess> Processes => _processes;

    public static async Task<ProcessStack> StartAsync(StackOptions options, CancellationToken ct)
    {
        var stack = new ProcessStack(Directory.CreateTempSubdirectory("custody-stack-"), options);
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
        Progress("starting the emulators ...");
        var firestore = _emulators.StartAsync(GoogleEmulatorKind.Firestore, ct);
        var pubSub = _emulators.StartAsync(GoogleEmulatorKind.PubSub, ct);
        FirestoreHost = await firestore.ConfigureAwait(false);
        PubSubHost = await pubSub.ConfigureAwait(false);
        Progress("starting anvil and the dev issuers ...");
        Anvil = await StartProcessAsync("anvil", Demo.RepoLayout.Anvil(),
            ["--host", "127.0.0.1", "--port", Port(Ports.Anvil), "--block-time", Port(BlockSeconds), "--state", Path.Combine(Work.FullName, "anvil-state.json")],
            Settings.AnvilUrl, AnswersChainIdAsync, ct).ConfigureAwait(false);
        _tokens = await DevIdTokenIssuer.StartAsync("Development", Ports.OidcIssuer, ct: ct).ConfigureAwait(false);
        var issuerUrl = new Uri($"http://127.0.0.1:{Ports.AttestationIssuer}/");
        await StartProcessAsync("attestation-issuer", "dotnet", [CliDll(), .. Settings.AttestationIssuerArguments()], issuerUrl,
            async c => File.Exists(Settings.LauncherSocket) && await ServiceProcess.AnswersOkAsync(new Uri(issuerUrl, ".well-known/openid-configuration"), c).ConfigureAwait(false), ct).ConfigureAwait(false);
        Files = await StackFiles.WriteAsync(Settings.Files, StackSettings.PolicyName, Options.PolicyJson, ct).ConfigureAwait(false);

        Progress("starting the services ...");
        var signer = StartServiceAsync("Signer", "signer", Settings.Signer(), Ports.Signer, ct);
        if (Options.Pipeline)
        {
            var intake = StartServiceAsync("Intake", "intake", Settings.Intake(), Ports.Intake, ct);
            var policy = StartServiceAsync("Policy", "policy", Settings.Policy(), Ports.Policy, ct);
            var broadcaster = StartServiceAsync("Broadcaster", "broadcaster", new Dictionary<string, string>(Settings.Broadcaster(), StringComparer.Ordinal)
            {
                ["Broadcaster__Confirmations"] = Port(Confirmations),
            }, Ports.Broadcaster, ct);
            (Intake, Policy, Broadcaster) = (await intake.ConfigureAwait(false), await policy.ConfigureAwait(false), await broadcaster.ConfigureAwait(false));
        }

        Signer = await signer.ConfigureAwait(false);
        var pin = await File.ReadAllTextAsync(Settings.SignerPinFile, ct).ConfigureAwait(false);
        Cosigners = await Task.WhenAll(StackFiles.Cosigners.Select((party, i) =>
            StartServiceAsync("Cosigner", party, Settings.Cosigner(party, pin), Ports.Cosigner(i), ct))).ConfigureAwait(false);
        await WaitForCosignersAsync(ct).ConfigureAwait(false);
        Progress($"stack ready; logs in {Work.FullName}");
    }

    /// <summary>A bearer token of the dev OIDC issuer for <paramref name="subject"/> with <paramref name="role"/>.</summary>
    public string Token(string subject, string role) =>
        _tokens!.Issue(subject, [role], StackSettings.Audience, TimeSpan.FromHours(2));

    /// <summary>An HTTP client of <paramref name="service"/> with a token of <paramref name="subject"/> in <paramref name="role"/>.</summary>
    public HttpClient Client(ServiceProcess service, string subject, string role, int connections = 16)
    {
        ArgumentNullException.ThrowIfNull(service);
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = service.Url, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(subject, role));
        return client;
    }

    /// <summary>Google clients of this stack's emulators and project.</summary>
    public GoogleChannelFactory Channels() => GoogleCliOptions.Channels(ProjectId, "(default)", FirestoreHost, PubSubHost);

    /// <summary>The key ceremony of a 2-of-3 wallet through the signer's admin API; the wallet is funded from anvil.</summary>
    public async Task<KeygenResponse> CreateWalletAsync(string walletId, CancellationToken ct)
    {
        using var client = Client(Signer, "stack-operator", ServiceRoles.Operator);
        using var response = await client.PostAsJsonAsync(new Uri("v1/wallets", UriKind.Relative), new KeygenRequest(walletId, 2, [StackFiles.Signer, .. StackFiles.Cosigners], [StackSettings.AnvilChainId]),
            AdminJsonContext.Default.KeygenRequest, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new ArgumentException($"the key ceremony of {walletId} failed ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}");
        }

        var wallet = (await response.Content.ReadFromJsonAsync(AdminJsonContext.Default.KeygenResponse, ct).ConfigureAwait(false))!;
        await Chain.FundAsync(Address.Parse(wallet.Address), UInt256.Parse("1000000000000000000000"), ct).ConfigureAwait(false);
        return wallet;
    }

    /// <summary>Waits until the signer lists both co-signers as connected (after a start or a restart of any of the three).</summary>
    public async Task WaitForCosignersAsync(CancellationToken ct)
    {
        using var client = Client(Signer, "stack-operator", ServiceRoles.Operator);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while (true)
        {
            var status = await client.GetFromJsonAsync(new Uri("v1/parties", UriKind.Relative), AdminJsonContext.Default.PartiesStatus, ct).ConfigureAwait(false);
            if (status is not null && StackFiles.Cosigners.All(status.Connected.Contains))
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new ArgumentException($"the co-signers did not connect to the signer within 90 s (connected: {string.Join(", ", status?.Connected ?? [])}); see the logs in {Work.FullName}.");
            }

            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The last lines of every process's log, for a failed test's output.</summary>
    public string LogTails(int lines = 40) => string.Join(Environment.NewLine, _processes.Select(p => $"==== {p.Name} ({p.LogPath}){Environment.NewLine}{p.Tail(lines)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        if (_tokens is not null)
        {
            await _tokens.DisposeAsync().ConfigureAwait(false);
        }

        await _emulators.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
    }

    /// <summary>A service with the local stack's settings, pointed at the emulators this stack started, at this stack's log level.</summary>
    private async Task<ServiceProcess> StartServiceAsync(string project, string name, IReadOnlyDictionary<string, string> settings, int port, CancellationToken ct)
    {
        var environment = new Dictionary<string, string>(settings, StringComparer.Ordinal)
        {
            ["Google__FirestoreEmulatorHost"] = FirestoreHost,
            ["Logging__LogLevel__Default"] = Options.LogLevel,
        };
        if (environment.ContainsKey("Google__PubSubEmulatorHost"))
        {
            environment["Google__PubSubEmulatorHost"] = PubSubHost;
        }

        var service = await ServiceProcess.StartAsync(project, environment, Work.FullName, ct, name, port).ConfigureAwait(false);
        lock (_processes)
        {
            _processes.Add(service);
        }

        return service;
    }

    private async Task<ServiceProcess> StartProcessAsync(string name, string fileName, IReadOnlyList<string> arguments, Uri url, Func<CancellationToken, Task<bool>> isReady, CancellationToken ct)
    {
        var process = await ServiceProcess.StartAsync(name, fileName, arguments, new Dictionary<string, string>(StringComparer.Ordinal), url, Work.FullName, isReady, ct).ConfigureAwait(false);
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }

    private async Task<bool> AnswersChainIdAsync(CancellationToken ct)
    {
        try
        {
            return await Chain.GetChainIdAsync(ct).ConfigureAwait(false) == StackSettings.AnvilChainId;
        }
        catch (NodeTransportException)
        {
            return false;
        }
    }

    /// <summary>The CLI's Release build, which runs the dev attestation issuer.</summary>
    private static string CliDll()
    {
        var dll = Path.Combine(Demo.RepoLayout.Root(), "tools", "cli", "bin", "Release", "net10.0", "custody.dll");
        return File.Exists(dll) ? dll : throw new ArgumentException($"{dll} is missing: build it first (dotnet build tools/cli -c Release).");
    }

    /// <summary>A port base whose every port of <see cref="StackPorts"/> is free now (drawn uniformly from 20000-59000).</summary>
    private static StackPorts FreePorts()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var ports = new StackPorts(20000 + RandomNumberGenerator.GetInt32(0, 39000));
            int[] all = [ports.PubSub, ports.Firestore, ports.Anvil, ports.OidcIssuer, ports.AttestationIssuer, ports.Intake, ports.Policy, ports.Signer, ports.SignerCoordinator, ports.Cosigner(0), ports.Cosigner(1), ports.Broadcaster];
            if (all.All(IsFree))
            {
                return ports;
            }
        }

        throw new InvalidOperationException("no free block of loopback ports for the stack after 50 attempts.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Port(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Progress(string line) => Console.Error.WriteLine(line);
}

/// <summary>What a <see cref="ProcessStack"/> runs: the policy every party holds, whether intake, policy and the broadcaster run too, and the services' log level.</summary>
internal sealed record StackOptions
{
    public string PolicyJson { get; init; } = StackPolicies.Bench;

    public bool Pipeline { get; init; } = true;

    public string LogLevel { get; init; } = "Information";
}
