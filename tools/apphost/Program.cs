using Custody.AppHost;
using Custody.Gcp.Emulators;
using Microsoft.Extensions.DependencyInjection;

// The local stack (docs/running.md): every part as its own process on loopback, orchestrated by Aspire's DCP without
// Docker, wired by configuration only (StackSettings: the settings an operator would give), each service exporting its
// OTLP traces, metrics and logs to the Aspire dashboard. `dotnet run --project tools/apphost`; Ctrl-C stops everything.
var builder = DistributedApplication.CreateBuilder(args);
builder.Services.AddHostedService<StackReadiness>();
var ports = StackPorts.From(builder.Configuration);
var repo = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));

// A fresh folder per run for the parties' identities, roster, certificate, approvers, policy and the dev tokens: the
// emulators start empty too. `custody demo` gives its own (Stack:Folder, an empty folder it created) to find them there.
var stack = new StackSettings(ports, StackSettings.Folder(builder.Configuration));

// Google's emulators (java; the same command lines as the tests' fixtures) and anvil (pinned by eng/tools.sh).
var firestore = builder.AddExecutable("firestore", "java", repo, [.. EmulatorCommand.JavaArguments(GoogleEmulatorKind.Firestore, ports.Firestore)])
    .WithHttpEndpoint(port: ports.Firestore, isProxied: false).WithHttpHealthCheck("/");
var pubsub = builder.AddExecutable("pubsub", "java", repo, [.. EmulatorCommand.JavaArguments(GoogleEmulatorKind.PubSub, ports.PubSub)])
    .WithHttpEndpoint(port: ports.PubSub, isProxied: false).WithHttpHealthCheck("/");
builder.Services.AddHealthChecks().AddCheck("anvil-rpc", new AnvilHealthCheck(stack.AnvilUrl));
var anvil = builder.AddExecutable("anvil", Path.Combine(repo, "eng", "node", "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil"), repo,
        "--host", "127.0.0.1", "--port", Port(ports.Anvil), "--silent")
    .WithHttpEndpoint(port: ports.Anvil, isProxied: false).WithHealthCheck("anvil-rpc");

// Dev stand-ins, refused in production: the OIDC issuer of the services' bearer tokens, the attestation issuer with
// the launcher's token socket, and the parties' files (`custody dev stack-files`, run once to completion).
var oidc = builder.AddProject<Projects.Custody_Cli>("oidc-issuer")
    .WithArgs([.. stack.OidcIssuerArguments()])
    .WithHttpEndpoint(port: ports.OidcIssuer, isProxied: false).WithHttpHealthCheck("/.well-known/openid-configuration");
var attestation = builder.AddProject<Projects.Custody_Cli>("attestation-issuer")
    .WithArgs([.. stack.AttestationIssuerArguments()])
    .WithHttpEndpoint(port: ports.AttestationIssuer, isProxied: false).WithHttpHealthCheck("/.well-known/openid-configuration");
var stackFiles = builder.AddProject<Projects.Custody_Cli>("stack-files").WithArgs([.. stack.StackFilesArguments(Path.Combine(builder.AppHostDirectory, StackSettings.PolicyFileName))]);

Service(builder.AddProject<Projects.Custody_Intake>("intake"), ports.Intake, stack.Intake())
    .WaitFor(firestore).WaitFor(pubsub).WaitFor(oidc);
Service(builder.AddProject<Projects.Custody_Policy>("policy"), ports.Policy, stack.Policy())
    .WaitFor(firestore).WaitFor(pubsub).WaitFor(oidc).WaitForCompletion(stackFiles);
var signer = Service(builder.AddProject<Projects.Custody_Signer>("signer"), ports.Signer, stack.Signer())
    .WaitFor(firestore).WaitFor(pubsub).WaitFor(anvil).WaitFor(oidc).WaitFor(attestation).WaitForCompletion(stackFiles);
string[] cosigners = ["cosigner-a", "cosigner-b"];
for (var i = 0; i < cosigners.Length; i++)
{
    var party = cosigners[i];
    builder.AddProject<Projects.Custody_Cosigner>(party)
        .WithHttpEndpoint(port: ports.Cosigner(i), isProxied: false).WithHttpHealthCheck("/health")
        // The pin exists once stack-files has run; environment callbacks are evaluated when the resource starts.
        .WithEnvironment(context =>
        {
            foreach (var (key, value) in stack.Cosigner(party, File.ReadAllText(stack.SignerPinFile)))
            {
                context.EnvironmentVariables[key] = value;
            }
        })
        .WaitFor(signer).WaitForCompletion(stackFiles);
}

Service(builder.AddProject<Projects.Custody_Broadcaster>("broadcaster"), ports.Broadcaster, stack.Broadcaster())
    .WaitFor(firestore).WaitFor(pubsub).WaitFor(anvil).WaitForCompletion(stackFiles);

using var app = builder.Build();
app.Run();

static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

// A service with an HTTP API: its port, /health as the dashboard's health, its settings.
static IResourceBuilder<ProjectResource> Service(IResourceBuilder<ProjectResource> service, int port, IReadOnlyDictionary<string, string> settings)
{
    service.WithHttpEndpoint(port: port, isProxied: false).WithHttpHealthCheck("/health");
    foreach (var (key, value) in settings)
    {
        service.WithEnvironment(key, value);
    }

    return service;
}
