using Custody.AppHost;
using Custody.Gcp.Emulators;
using Microsoft.Extensions.DependencyInjection;

// The local stack (docs/running.md): every part as its own process on loopback, orchestrated by Aspire's DCP without
// Docker, wired by configuration only (the settings an operator would give), each service exporting its OTLP traces,
// metrics and logs to the Aspire dashboard. `dotnet run --project tools/apphost`; Ctrl-C stops everything.
var builder = DistributedApplication.CreateBuilder(args);
var ports = StackPorts.From(builder.Configuration);
var repo = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
const string ProjectId = "custody-local";
const string Audience = "custody";
const string AttestationAudience = "custody-cosigners";

// A fresh folder per run for the parties' identities, roster, certificate and policy: the emulators start empty too.
var stack = Directory.CreateTempSubdirectory("custody-stack-").FullName;
var launcherSocket = Path.Combine(stack, "teeserver.sock");
var files = Path.Combine(stack, "files");

// Google's emulators (java; the same command lines as the tests' fixtures) and anvil (pinned by eng/tools.sh).
var firestore = builder.AddExecutable("firestore", "java", repo, [.. EmulatorCommand.JavaArguments(GoogleEmulatorKind.Firestore, ports.Firestore)])
    .WithHttpEndpoint(port: ports.Firestore, isProxied: false).WithHttpHealthCheck("/");
var pubsub = builder.AddExecutable("pubsub", "java", repo, [.. EmulatorCommand.JavaArguments(GoogleEmulatorKind.PubSub, ports.PubSub)])
    .WithHttpEndpoint(port: ports.PubSub, isProxied: false).WithHttpHealthCheck("/");
var anvilUrl = new Uri($"http://127.0.0.1:{ports.Anvil}/");
builder.Services.AddHealthChecks().AddCheck("anvil-rpc", new AnvilHealthCheck(anvilUrl));
var anvil = builder.AddExecutable("anvil", Path.Combine(repo, "eng", "node", "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil"), repo,
        "--host", "127.0.0.1", "--port", ports.Anvil.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent")
    .WithHttpEndpoint(port: ports.Anvil, isProxied: false).WithHealthCheck("anvil-rpc");

// Dev stand-ins, refused in production: the OIDC issuer of the services' bearer tokens, the attestation issuer with
// the launcher's token socket, and the parties' files (`custody dev stack-files`, run once to completion).
var oidc = builder.AddProject<Projects.Custody_Cli>("oidc-issuer")
    .WithArgs("dev", "issuer", "--port", Port(ports.OidcIssuer), "--audience", Audience,
        "--token", "upstream-app:payments-app", "--token", "custody-operator:operator", "--token", "approver:alice", "--token", "approver:bob")
    .WithHttpEndpoint(port: ports.OidcIssuer, isProxied: false).WithHttpHealthCheck("/.well-known/openid-configuration");
var attestation = builder.AddProject<Projects.Custody_Cli>("attestation-issuer")
    .WithArgs("dev", "attestation", "--port", Port(ports.AttestationIssuer), "--socket", launcherSocket)
    .WithHttpEndpoint(port: ports.AttestationIssuer, isProxied: false).WithHttpHealthCheck("/.well-known/openid-configuration");
var stackFiles = builder.AddProject<Projects.Custody_Cli>("stack-files").WithArgs("dev", "stack-files", "--out", files);

var google = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["Google__ProjectId"] = ProjectId,
    ["Google__UseEmulators"] = "true",
    ["Google__FirestoreEmulatorHost"] = $"127.0.0.1:{ports.Firestore}",
    ["Google__PubSubEmulatorHost"] = $"127.0.0.1:{ports.PubSub}",
    ["Messaging__ProvisionTopology"] = "true",
    ["Authentication__Authority"] = $"http://127.0.0.1:{ports.OidcIssuer}",
    ["Authentication__Audience"] = Audience,
};

var intake = Service(builder.AddProject<Projects.Custody_Intake>("intake"), ports.Intake, google)
    .WaitFor(firestore).WaitFor(pubsub).WaitFor(oidc);
var policy = Service(builder.AddProject<Projects.Custody_Policy>("policy"), ports.Policy, google)
    .WithEnvironment("Policy__File", Path.Combine(files, "policies", "local.json"))
    .WithEnvironment("Policy__ApproversDirectory", Path.Combine(files, "approvers"))
    .WaitFor(firestore).WaitFor(pubsub).WaitFor(oidc).WaitForCompletion(stackFiles);
var signer = Service(builder.AddProject<Projects.Custody_Signer>("signer"), ports.Signer, google)
    .WithEnvironment("Messaging__Source", "//custody/signer")
    .WithEnvironment("Keys__Provider", "dev-file").WithEnvironment("Keys__DevFile__Path", Path.Combine(files, "signer.kek"))
    .WithEnvironment("Keys__DevFile__CreateIfMissing", "false")
    .WithEnvironment("Signer__IdentityFile", Path.Combine(files, "signer.identity"))
    .WithEnvironment("Signer__RosterFile", Path.Combine(files, "roster.json"))
    .WithEnvironment("Signer__PolicyDirectory", Path.Combine(files, "policies"))
    .WithEnvironment("Signer__ApproversDirectory", Path.Combine(files, "approvers"))
    .WithEnvironment("Signer__NodeUrl", anvilUrl.ToString())
    .WithEnvironment("Signer__CoordinatorListenAddress", "127.0.0.1")
    .WithEnvironment("Signer__CoordinatorPort", Port(ports.SignerCoordinator))
    .WithEnvironment("Signer__CertificateFile", Path.Combine(files, "signer.crt"))
    .WithEnvironment("Signer__CertificateKeyFile", Path.Combine(files, "signer.key"))
    .WithEnvironment("Signer__AttestationSocket", launcherSocket)
    .WithEnvironment("Signer__AttestationAudience", AttestationAudience)
    .WaitFor(firestore).WaitFor(pubsub).WaitFor(anvil).WaitFor(oidc).WaitFor(attestation).WaitForCompletion(stackFiles);

string[] cosigners = ["cosigner-a", "cosigner-b"];
var firestoreHost = $"127.0.0.1:{ports.Firestore}";
var coordinatorAddress = $"https://127.0.0.1:{ports.SignerCoordinator}/";
var attestationIssuer = $"http://127.0.0.1:{ports.AttestationIssuer}";
for (var i = 0; i < cosigners.Length; i++)
{
    var party = cosigners[i];
    builder.AddProject<Projects.Custody_Cosigner>(party)
        .WithHttpEndpoint(port: ports.Cosigner(i), isProxied: false).WithHttpHealthCheck("/health")
        .WithEnvironment("Google__ProjectId", ProjectId).WithEnvironment("Google__UseEmulators", "true")
        .WithEnvironment("Google__FirestoreEmulatorHost", firestoreHost)
        .WithEnvironment("Keys__Provider", "dev-file").WithEnvironment("Keys__DevFile__Path", Path.Combine(files, party + ".kek"))
        .WithEnvironment("Keys__DevFile__CreateIfMissing", "false")
        .WithEnvironment("Cosigner__Party", party)
        .WithEnvironment("Cosigner__ShareDirectory", Path.Combine(files, party, "shares"))
        .WithEnvironment("Cosigner__PolicyDirectory", Path.Combine(files, "policies"))
        .WithEnvironment("Cosigner__ApproversDirectory", Path.Combine(files, "approvers"))
        .WithEnvironment("Cosigner__IdentityFile", Path.Combine(files, party + ".identity"))
        .WithEnvironment("Cosigner__RosterFile", Path.Combine(files, "roster.json"))
        .WithEnvironment("Cosigner__CoordinatorAddress", coordinatorAddress)
        // The pin exists once stack-files has run; environment callbacks are evaluated when the resource starts.
        .WithEnvironment(context => context.EnvironmentVariables["Cosigner__CoordinatorCertificatePin"] = File.ReadAllText(Path.Combine(files, "signer.pin")).Trim())
        .WithEnvironment("Attestation__Issuer", attestationIssuer)
        .WithEnvironment("Attestation__Audience", AttestationAudience)
        .WithEnvironment("Attestation__AllowedImageDigests__0", "sha256:" + new string('d', 64))
        .WaitFor(signer).WaitForCompletion(stackFiles);
}

// The broadcaster (services/broadcaster, built on its own branch) joins here once merged, e.g.:
//   Service(builder.AddProject<Projects.Custody_Broadcaster>("broadcaster"), ports.Broadcaster, google)
//       .WithEnvironment("Broadcaster__NodeUrl", anvilUrl.ToString()).WaitFor(firestore).WaitFor(pubsub).WaitFor(anvil);
_ = intake;
_ = policy;

using var app = builder.Build();
app.Run();

static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

// A service with an HTTP API: its port, /health as the dashboard's health, the emulators and the OIDC issuer.
static IResourceBuilder<ProjectResource> Service(IResourceBuilder<ProjectResource> service, int port, Dictionary<string, string> settings)
{
    service.WithHttpEndpoint(port: port, isProxied: false).WithHttpHealthCheck("/health");
    foreach (var (key, value) in settings)
    {
        service.WithEnvironment(key, value);
    }

    return service;
}
