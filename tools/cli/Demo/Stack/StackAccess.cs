using System.Net.Http.Headers;
using Custody.AppHost;
using Custody.Cli.Commands.Services;

namespace Custody.Cli.Demo.Stack;

/// <summary>
/// How the demo reaches the running stack, as any client would: each service's URL from the stack's ports, the bearer
/// tokens the dev OIDC issuer wrote to its token file (mode 0600, in the stack folder the demo gave the AppHost), and
/// the dev approvers' private keys that `custody dev stack-files` wrote.
/// </summary>
internal sealed class StackAccess(StackPorts ports, StackSettings settings, IReadOnlyList<string> tokenLines)
{
    public const string UpstreamApp = "payments-app";
    public const string Operator = "operator";

    private static readonly TimeSpan TokenFileDeadline = TimeSpan.FromMinutes(1);

    public StackPorts Ports => ports;

    public StackSettings Settings => settings;

    public Uri Intake => Local(ports.Intake);

    public Uri Policy => Local(ports.Policy);

    public Uri Signer => Local(ports.Signer);

    /// <summary>The dashboard, under the host name the AppHost itself prints in its login URL.</summary>
    public Uri Dashboard => new($"http://localhost:{ports.Dashboard}/");

    public Uri Anvil => settings.AnvilUrl;

    public string PubSubHost => $"127.0.0.1:{ports.PubSub}";

    public string FirestoreHost => $"127.0.0.1:{ports.Firestore}";

    /// <summary>Reads the issuer's token file, which appears (whole: it is renamed into place) shortly after the issuer starts.</summary>
    public static async Task<StackAccess> OpenAsync(StackPorts ports, StackSettings settings, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TokenFileDeadline);
        try
        {
            while (!File.Exists(settings.TokenFile))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token).ConfigureAwait(false); // polling for a file
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new DemoException($"the dev OIDC issuer wrote no token file ({settings.TokenFile}) within {TokenFileDeadline.TotalSeconds:0} s.");
        }

        return new StackAccess(ports, settings, await File.ReadAllLinesAsync(settings.TokenFile, ct).ConfigureAwait(false));
    }

    /// <summary>The token the dev issuer issued to <paramref name="subject"/> in <paramref name="role"/>.</summary>
    public string Token(string role, string subject) =>
        DevTokenFile.Find(tokenLines, role, subject) ?? throw new DemoException($"the dev issuer's token file has no {role} token for {subject}.");

    /// <summary>An HTTP client for <paramref name="service"/> with the bearer token of <paramref name="role"/>/<paramref name="subject"/>.</summary>
    public HttpClient Client(Uri service, string role, string subject)
    {
        var client = new HttpClient { BaseAddress = service, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, subject));
        return client;
    }

    /// <summary>The approver's private key file (`custody approve --key`).</summary>
    public FileInfo ApproverKey(string approver) => new(Path.Combine(StackFiles.ApproverKeysIn(settings.Files), approver + ".key.pem"));

    private static Uri Local(int port) => new($"http://127.0.0.1:{port}/");
}
