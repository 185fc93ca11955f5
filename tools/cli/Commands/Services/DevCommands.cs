using System.CommandLine;
using Custody.ServiceDefaults.Authentication;

namespace Custody.Cli.Commands.Services;

/// <summary>
/// <c>custody dev issuer</c>: a local OIDC issuer for running the services on one machine (docs/auth.md). It serves
/// its discovery document and JWKS on 127.0.0.1, prints one ID token per <c>--token role:subject</c>, and runs
/// until Ctrl-C. Refused in production, like every dev issuer. <c>dev attestation</c> and <c>dev stack-files</c>:
/// <see cref="DevStackCommands"/>.
/// </summary>
internal static class DevCommands
{
    public static Command Create()
    {
        var dev = new Command("dev", "Local development helpers (refused in production).");
        dev.Subcommands.Add(Issuer());
        dev.Subcommands.Add(DevStackCommands.Attestation());
        dev.Subcommands.Add(DevStackCommands.StackFiles());
        return dev;
    }

    /// <summary>Waits for Ctrl-C or SIGTERM (a dev issuer's own web host would otherwise swallow the signal).</summary>
    internal static async Task UntilStoppedAsync(CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or SIGTERM: stop serving.
        }
    }

    private static Command Issuer()
    {
        var port = new Option<int>("--port") { Description = "Loopback port (the services' Authentication:Authority is http://127.0.0.1:PORT).", DefaultValueFactory = _ => 5599 };
        var audience = new Option<string>("--audience") { Description = "The audience the services expect (Authentication:Audience).", DefaultValueFactory = _ => "custody" };
        var tokens = new Option<string[]>("--token") { Description = "role:subject to print a token for, e.g. upstream-app:payments-app or approver:alice (repeatable).", AllowMultipleArgumentsPerToken = true };
        var hours = new Option<int>("--hours") { Description = "Token lifetime in hours (1-24).", DefaultValueFactory = _ => 8 };
        var environment = new Option<string>("--environment") { Description = "Environment name; Production is refused.", DefaultValueFactory = _ => "Development" };
        var tokenFile = new Option<string?>("--token-file") { Description = "Also write the tokens (one \"role subject token\" line each) to this file, created with mode 0600 (the local stack's demo reads them there)." };
        var command = new Command("issuer", "Run a local OIDC issuer and print bearer tokens for the services.");
        foreach (var option in new Option[] { port, audience, tokens, hours, environment, tokenFile })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => ServiceClient.RunAsync(async () =>
        {
            if (parse.GetValue(port) is < 1 or > 65535 || parse.GetValue(hours) is < 1 or > 24)
            {
                throw new ArgumentException("--port must be 1-65535 and --hours 1-24.");
            }

            var wanted = (parse.GetValue(tokens) ?? []).Select(ParseToken).ToArray();
            await using var issuer = await StartAsync(parse.GetValue(environment), parse.GetValue(port), ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"issuer {issuer.Issuer} (audience {parse.GetValue(audience)}); Ctrl-C stops it").ConfigureAwait(false);
            var lines = wanted.Select(w => $"{w.Role} {w.Subject} {issuer.Issue(w.Subject, [w.Role], parse.GetValue(audience)!, TimeSpan.FromHours(parse.GetValue(hours)))}").ToArray();
            foreach (var line in lines)
            {
                await Console.Out.WriteLineAsync(line).ConfigureAwait(false);
            }

            if (parse.GetValue(tokenFile) is { } path)
            {
                await DevTokenFile.WriteAsync(path, lines, ct).ConfigureAwait(false);
            }

            await UntilStoppedAsync(ct).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static async Task<DevIdTokenIssuer> StartAsync(string? environment, int port, CancellationToken ct)
    {
        try
        {
            return await DevIdTokenIssuer.StartAsync(environment, port, ct: ct).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new ArgumentException(ex.Message, ex);
        }
        catch (IOException ex)
        {
            throw new ArgumentException($"cannot listen on 127.0.0.1:{port}: {ex.Message}", ex);
        }
    }

    private static (string Role, string Subject) ParseToken(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw new ArgumentException($"--token takes role:subject, e.g. approver:alice (got {text.Length} characters without that shape).");
        }

        return (text[..colon], text[(colon + 1)..]);
    }
}
