using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Custody.Contracts.Admin;

namespace Custody.Cli.Commands.Services;

/// <summary>
/// <c>custody keygen --wallet W --threshold T --parties signer,cosigner-a,cosigner-b [--chain-id N]</c>: asks the
/// signer's admin API (<c>POST /v1/wallets</c>, role custody-operator) to run the key ceremony with the connected
/// co-signers and prints the registered wallet as JSON (docs/signing.md "Key ceremony"). Exit codes as for
/// <c>custody requests</c>: 0 created, 1 usage or connection error, 2 refused (invalid), 3 the ceremony failed
/// (a party absent, unwilling or already holding the wallet), 4 unauthenticated or wrong role.
/// </summary>
internal static class KeygenCommand
{
    public const string UrlVariable = "CUSTODY_SIGNER_URL";

    public static Command Create()
    {
        var wallet = new Option<string>("--wallet") { Description = "The new wallet's id.", Required = true };
        var threshold = new Option<int>("--threshold") { Description = "How many parties must sign (at least 2).", Required = true };
        var parties = new Option<string>("--parties") { Description = "Comma-separated party names from the roster, the signer among them.", Required = true };
        var chainIds = new Option<ulong[]>("--chain-id") { Description = "A chain the wallet signs on (repeat for several; default 31337, anvil).", AllowMultipleArgumentsPerToken = true };
        var url = ServiceClient.Url(UrlVariable);
        var token = ServiceClient.Token();
        var command = new Command("keygen", "Run a wallet's key ceremony on the signer with the connected co-signers; prints the wallet (address, public key, parties).");
        command.Options.Add(wallet);
        command.Options.Add(threshold);
        command.Options.Add(parties);
        command.Options.Add(chainIds);
        command.Options.Add(url);
        command.Options.Add(token);
        command.SetAction((parse, ct) => ServiceClient.RunAsync(async () =>
        {
            var names = parse.GetValue(parties)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var chains = parse.GetValue(chainIds) is { Length: > 0 } given ? given : [31337UL];
            var request = new KeygenRequest(parse.GetValue(wallet)!, parse.GetValue(threshold), names, chains);
            using var client = ServiceClient.Create(parse.GetValue(url), parse.GetValue(token));
            await Console.Error.WriteLineAsync($"running the key ceremony of {request.WalletId}: {request.Threshold} of {string.Join(", ", names)} on chain {string.Join(", ", chains)}").ConfigureAwait(false);
            using var response = await client.PostAsJsonAsync(new Uri("v1/wallets", UriKind.Relative), request, AdminJsonContext.Default.KeygenRequest, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return await ServiceClient.ReportFailureAsync(response, ct).ConfigureAwait(false);
            }

            KeygenResponse? created;
            try
            {
                created = await response.Content.ReadFromJsonAsync(AdminJsonContext.Default.KeygenResponse, ct).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw new ArgumentException($"the signer answered with an unexpected body ({ex.Path ?? "$"})", ex);
            }

            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(created ?? throw new ArgumentException("the signer answered with JSON null"), AdminJsonContext.Default.KeygenResponse)).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}
