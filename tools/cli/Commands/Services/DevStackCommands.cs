using System.CommandLine;
using Custody.Attestation.Dev;

namespace Custody.Cli.Commands.Services;

/// <summary>
/// What the local stack (tools/apphost, docs/running.md) starts besides the services: <c>custody dev attestation</c>,
/// a stand-in for Confidential Space's attestation (its OIDC issuer on loopback and the launcher's token socket), and
/// <c>custody dev stack-files</c>, the signer's and co-signers' identities, roster, TLS certificate and policy.
/// Both refuse production.
/// </summary>
internal static class DevStackCommands
{
    public static Command Attestation()
    {
        var port = new Option<int>("--port") { Description = "Loopback port of the issuer (the co-signers' Attestation:Issuer is http://127.0.0.1:PORT).", DefaultValueFactory = _ => 5600 };
        var socket = new Option<string>("--socket") { Description = "Unix socket path of the launcher's token API (the signer's Signer:AttestationSocket).", Required = true };
        var digest = new Option<string>("--image-digest") { Description = "The signer image digest the tokens claim (sha256: + 64 hex).", DefaultValueFactory = _ => DevTokenProfile.LocalImageDigest };
        var environment = new Option<string>("--environment") { Description = "Environment name; Production is refused.", DefaultValueFactory = _ => "Development" };
        var command = new Command("attestation", "Run a local attestation issuer and launcher token socket for the signer (refused in production).");
        foreach (var option in new Option[] { port, socket, digest, environment })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => ServiceClient.RunAsync(async () =>
        {
            var imageDigest = parse.GetValue(digest)!;
            if (parse.GetValue(port) is < 1 or > 65535 || !System.Text.RegularExpressions.Regex.IsMatch(imageDigest, "^sha256:[0-9a-f]{64}$"))
            {
                throw new ArgumentException("--port must be 1-65535 and --image-digest sha256: followed by 64 lower-case hex digits.");
            }

            var socketPath = Path.GetFullPath(parse.GetValue(socket)!);
            File.Delete(socketPath); // a socket left by a killed run would make the listen fail
            await using var issuer = await StartAsync(new DevAttestationIssuerOptions
            {
                EnvironmentName = parse.GetValue(environment), Port = parse.GetValue(port), LauncherSocketPath = socketPath,
                Profile = new DevTokenProfile { ImageDigest = imageDigest },
            }, ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"attestation issuer {issuer.Issuer}, launcher socket {socketPath}, image {imageDigest}; Ctrl-C stops it").ConfigureAwait(false);
            await DevCommands.UntilStoppedAsync(ct).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    public static Command StackFiles()
    {
        var output = new Option<string>("--out") { Description = "An empty or new folder for the files (created 0700).", Required = true };
        var policy = new Option<string?>("--policy") { Description = "A policy file every party holds (default: transfers to the bench payee allowed, everything else blocked)." };
        var command = new Command("stack-files", "Write a local signer's and two co-signers' identities, roster, TLS certificate and policy (dev key files; refused in production).");
        command.Options.Add(output);
        command.Options.Add(policy);
        command.SetAction((parse, ct) => ServiceClient.RunAsync(async () =>
        {
            var policyJson = await ReadPolicyAsync(parse.GetValue(policy), ct).ConfigureAwait(false);
            var files = await Services.StackFiles.WriteAsync(Path.GetFullPath(parse.GetValue(output)!), "local", policyJson, ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"wrote {files.Folder}: roster {files.Roster}, signer certificate pin {files.CertificatePin}").ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    /// <summary>The given policy file (or the bench policy), checked here: a policy no party could load fails now, with its reason.</summary>
    private static async Task<string> ReadPolicyAsync(string? path, CancellationToken ct)
    {
        try
        {
            var json = path is null ? StackPolicies.Bench : await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
            Custody.Domain.Policies.PolicyParser.Parse(json);
            return json;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Custody.Domain.Policies.PolicyValidationException)
        {
            throw new ArgumentException($"--policy {path}: {ex.Message}", ex);
        }
    }

    private static async Task<DevAttestationIssuer> StartAsync(DevAttestationIssuerOptions options, CancellationToken ct)
    {
        try
        {
            return await DevAttestationIssuer.StartAsync(options, ct).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new ArgumentException(ex.Message, ex);
        }
        catch (IOException ex)
        {
            throw new ArgumentException($"cannot listen on 127.0.0.1:{options.Port} or {options.LauncherSocketPath}: {ex.Message}", ex);
        }
    }
}
