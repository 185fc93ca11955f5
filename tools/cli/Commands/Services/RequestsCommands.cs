using System.CommandLine;
using System.Text;
using System.Text.Json;
using Custody.Contracts.Api;
using Custody.Contracts.Approvals;

namespace Custody.Cli.Commands.Services;

/// <summary>
/// <c>custody requests submit|show</c>: an upstream app's view of the intake API (docs/intake.md, "CLI").
/// Exit codes: 0 accepted/found, 1 usage or connection error, 2 refused (invalid request, reasons printed),
/// 3 request id already used for another request, 4 unauthenticated or wrong role, 5 not found.
/// </summary>
internal static class RequestsCommands
{
    public const string UrlVariable = "CUSTODY_INTAKE_URL";

    /// <summary>Largest request file read (intake's default body cap).</summary>
    private const long MaxFileBytes = 512 * 1024;

    public static Command Create()
    {
        var requests = new Command("requests", "Transaction requests through the intake service's HTTP API.");
        requests.Subcommands.Add(Submit());
        requests.Subcommands.Add(Show());
        return requests;
    }

    private static Command Submit()
    {
        var file = new Argument<FileInfo>("request.json") { Description = "A transaction-requested document (docs/schemas/transaction-request.schema.json)." };
        var url = ServiceClient.Url(UrlVariable);
        var token = ServiceClient.Token();
        var command = new Command("submit", "POST the request to intake; prints the accepted request's state as JSON, or every reason it was refused.");
        command.Arguments.Add(file);
        command.Options.Add(url);
        command.Options.Add(token);
        command.SetAction((parse, ct) => ServiceClient.RunAsync(async () =>
        {
            var body = await ReadRequestFileAsync(parse.GetValue(file)!, ct).ConfigureAwait(false);
            using var client = ServiceClient.Create(parse.GetValue(url), parse.GetValue(token));
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(new Uri("v1/transactions", UriKind.Relative), content, ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? await PrintStatusAsync(response, ct).ConfigureAwait(false)
                : await ServiceClient.ReportFailureAsync(response, ct).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Show()
    {
        var requestId = new Argument<string>("requestId") { Description = "The request id." };
        var url = ServiceClient.Url(UrlVariable);
        var token = ServiceClient.Token();
        var command = new Command("show", "The request's current state, decision and rule, approvals so far, transaction hash and receipt (JSON).");
        command.Arguments.Add(requestId);
        command.Options.Add(url);
        command.Options.Add(token);
        command.SetAction((parse, ct) => ServiceClient.RunAsync(async () =>
        {
            var id = parse.GetValue(requestId)!;
            if (!Contracts.WireFormat.IsId(id))
            {
                throw new ArgumentException("requestId must be 1-128 characters of A-Z a-z 0-9 . _ : -");
            }

            using var client = ServiceClient.Create(parse.GetValue(url), parse.GetValue(token));
            using var response = await client.GetAsync(new Uri($"v1/transactions/{Uri.EscapeDataString(id)}", UriKind.Relative), ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? await PrintStatusAsync(response, ct).ConfigureAwait(false)
                : await ServiceClient.ReportFailureAsync(response, ct).ConfigureAwait(false);
        }));
        return command;
    }

    private static async Task<string> ReadRequestFileAsync(FileInfo file, CancellationToken ct)
    {
        try
        {
            if (file.Length > MaxFileBytes)
            {
                throw new ArgumentException($"{file.Name} is larger than {MaxFileBytes} bytes.");
            }

            return await File.ReadAllTextAsync(file.FullName, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"cannot read {file.FullName}: {ex.Message}", ex);
        }
    }

    private static async Task<int> PrintStatusAsync(HttpResponseMessage response, CancellationToken ct)
    {
        TransactionStatus? status;
        try
        {
            status = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false), ApprovalsJsonContext.Default.TransactionStatus);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"the service answered with an unexpected body ({ex.Path ?? "$"})", ex);
        }

        if (status is null)
        {
            throw new ArgumentException("the service answered with JSON null");
        }

        await Console.Out.WriteLineAsync(JsonSerializer.Serialize(status, IndentedApiJson.Default.TransactionStatus)).ConfigureAwait(false);
        return 0;
    }
}
