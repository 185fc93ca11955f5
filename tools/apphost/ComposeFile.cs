using System.Globalization;
using System.Text;

namespace Custody.AppHost;

/// <summary>
/// Renders <c>compose.yaml</c> (docs/running.md "With Docker"): the same parts as the AppHost, each its own container,
/// with the same settings (<see cref="StackSettings"/> with the stack folder <c>/stack</c>, a volume shared by the
/// containers built here). Every
/// container joins the network namespace of one <c>net</c> container, so that loopback is shared as it is on one
/// machine and the settings stay those of the local stack; the dev issuers keep listening on loopback only. The file
/// is generated, not written by hand: tests/Custody.AppHost.Tests fails when it differs from this rendering and
/// rewrites it when run with <c>CUSTODY_UPDATE_COMPOSE=1</c>.
/// </summary>
internal static class ComposeFile
{
    public const string StackFolder = "/stack";

    // tools/apphost/local-policy.json, published with the CLI (tools/cli/Custody.Cli.csproj) into its image's /app.
    private const string PolicyFileInImage = "/app/" + StackSettings.PolicyFileName;
    private const string Network = "service:net";
    private const string EmulatorsImage = "gcr.io/google.com/cloudsdktool/google-cloud-cli:emulators";
    private const string AnvilImage = "ghcr.io/foundry-rs/foundry:v1.7.1";
    private const string DashboardImage = "mcr.microsoft.com/dotnet/aspire-dashboard:13.6";
    private const int DashboardOtlpPort = 18889;
    private const int DashboardUiPort = 18888;

    public static string Render()
    {
        var ports = new StackPorts(18000);
        var stack = new StackSettings(ports, StackFolder);
        var yaml = new StringBuilder();
        yaml.AppendLine("# Generated from tools/apphost/StackSettings.cs by tools/apphost/ComposeFile.cs: do not edit by hand.");
        yaml.AppendLine("# tests/Custody.AppHost.Tests checks it; CUSTODY_UPDATE_COMPOSE=1 dotnet test tests/Custody.AppHost.Tests rewrites it.");
        yaml.AppendLine("# The local stack for machines with Docker (docs/running.md \"With Docker\"): docker compose up --build");
        yaml.AppendLine("# Every container shares the network namespace of `net`, so loopback is shared as on one machine.");
        yaml.AppendLine("name: custody");
        yaml.AppendLine("services:");

        Service(yaml, "net", image: "busybox:1.37", command: ["sleep", "infinity"], network: false);
        yaml.AppendLine("    ports:");
        foreach (var port in new[] { ports.Intake, ports.Policy, ports.Signer, ports.Cosigner(0), ports.Cosigner(1), ports.Broadcaster, ports.PubSub, ports.Firestore, ports.Anvil, DashboardUiPort })
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      - \"127.0.0.1:{port}:{port}\"");
        }

        Service(yaml, "dashboard", image: DashboardImage, environment: new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://0.0.0.0:{DashboardUiPort}",
            ["DASHBOARD__OTLP__GRPCENDPOINTURL"] = $"http://127.0.0.1:{DashboardOtlpPort}",
            ["DASHBOARD__FRONTEND__AUTHMODE"] = "Unsecured",
            ["DASHBOARD__OTLP__AUTHMODE"] = "Unsecured",
        });
        Service(yaml, "firestore", image: EmulatorsImage, command: ["gcloud", "emulators", "firestore", "start", $"--host-port=0.0.0.0:{ports.Firestore}"]);
        Service(yaml, "pubsub", image: EmulatorsImage, command: ["gcloud", "beta", "emulators", "pubsub", "start", $"--host-port=0.0.0.0:{ports.PubSub}", $"--project={StackSettings.ProjectId}"]);
        Service(yaml, "anvil", image: AnvilImage, entrypoint: ["anvil", "--host", "0.0.0.0", "--port", Port(ports.Anvil)]);
        Service(yaml, "stack-files", build: "tools/cli/Dockerfile", command: [.. stack.StackFilesArguments(PolicyFileInImage)], restart: "no");
        Service(yaml, "oidc-issuer", build: "tools/cli/Dockerfile", command: [.. stack.OidcIssuerArguments()]);
        Service(yaml, "attestation-issuer", build: "tools/cli/Dockerfile", command: [.. stack.AttestationIssuerArguments()]);
        var afterFiles = new[] { "stack-files: {condition: service_completed_successfully}" };
        Service(yaml, "intake", build: "services/intake/Dockerfile", environment: Served(stack.Intake(), ports.Intake), dependsOn: ["firestore", "pubsub", "oidc-issuer"]);
        Service(yaml, "policy", build: "services/policy/Dockerfile", environment: Served(stack.Policy(), ports.Policy), dependsOn: ["firestore", "pubsub", "oidc-issuer", .. afterFiles]);
        Service(yaml, "signer", build: "services/signer/Dockerfile", environment: Served(stack.Signer(), ports.Signer), dependsOn: ["firestore", "pubsub", "anvil", "oidc-issuer", "attestation-issuer", .. afterFiles]);
        string[] cosigners = ["cosigner-a", "cosigner-b"];
        for (var i = 0; i < cosigners.Length; i++)
        {
            // The signer's certificate pin exists once stack-files has run: read at start, as the AppHost does.
            var settings = Served(stack.Cosigner(cosigners[i], "$PIN"), ports.Cosigner(i));
            settings.Remove("Cosigner__CoordinatorCertificatePin");
            Service(yaml, cosigners[i], build: "services/cosigner/Dockerfile", environment: settings, dependsOn: ["signer", .. afterFiles],
                entrypoint: ["sh", "-c", $"Cosigner__CoordinatorCertificatePin=\"$$(cat {stack.SignerPinFile})\" exec dotnet Custody.Cosigner.dll"]);
        }

        Service(yaml, "broadcaster", build: "services/broadcaster/Dockerfile", environment: Served(stack.Broadcaster(), ports.Broadcaster), dependsOn: ["firestore", "pubsub", "anvil", .. afterFiles]);
        yaml.AppendLine("volumes:");
        yaml.AppendLine("  stack: {}");
        return yaml.ToString();
    }

    // A service's settings plus its listening address and the dashboard's OTLP endpoint.
    private static Dictionary<string, string> Served(IReadOnlyDictionary<string, string> settings, int port) =>
        new(settings, StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = $"http://0.0.0.0:{port}",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{DashboardOtlpPort}",
        };

    private static void Service(
        StringBuilder yaml, string name, string? image = null, string? build = null, IReadOnlyList<string>? command = null,
        IReadOnlyList<string>? entrypoint = null, IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyList<string>? dependsOn = null, string restart = "unless-stopped", bool network = true)
    {
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  {name}:");
        if (image is not null)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    image: {image}");
        }

        if (build is not null)
        {
            yaml.AppendLine("    build:");
            yaml.AppendLine("      context: .");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      dockerfile: {build}");
        }

        if (network)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    network_mode: \"{Network}\"");
        }

        if (build is not null)
        {
            // Only the images built here mount the stack folder: each has /stack owned by its app user, so the volume
            // is created with that owner whichever of them starts first.
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    volumes: [\"stack:{StackFolder}\"]");
        }

        yaml.AppendLine(CultureInfo.InvariantCulture, $"    restart: \"{restart}\"");
        if (entrypoint is not null)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    entrypoint: {List(entrypoint)}");
        }

        if (command is not null)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    command: {List(command)}");
        }

        if (environment is not null)
        {
            yaml.AppendLine("    environment:");
            foreach (var (key, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                yaml.AppendLine(CultureInfo.InvariantCulture, $"      {key}: {Quote(value)}");
            }
        }

        if (dependsOn is { Count: > 0 })
        {
            yaml.AppendLine("    depends_on:");
            foreach (var dependency in dependsOn)
            {
                yaml.AppendLine(CultureInfo.InvariantCulture, $"      {(dependency.Contains(':', StringComparison.Ordinal) ? dependency : dependency + ": {condition: service_started}")}");
            }
        }
    }

    private static string List(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(Quote)) + "]";

    // Double-quoted YAML scalars; compose interpolates $VAR, so a literal $ is written $$ by the caller.
    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
