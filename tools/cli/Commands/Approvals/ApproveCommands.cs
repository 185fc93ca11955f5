using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Custody.Contracts.Approvals;
using Custody.Contracts.Json;
using Custody.Domain.Approvals;
using Custody.Domain.Hashing;
using Custody.Cli.Commands.Services;

namespace Custody.Cli.Approvals;

/// <summary>
/// <c>custody approve|reject &lt;requestId&gt; --key alice.key.pem --server URL</c> (docs/approvals.md "custody approve"):
/// fetch the review, check it against the request (<see cref="ReviewCheck"/>), show the trusted display, ask for
/// confirmation, sign locally with the approver's P-256 key and post the vote. Exit codes: <see cref="ExitCodes"/>.
/// </summary>
internal static class ApproveCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Vote("approve", ApprovalDecision.Approve, "Review a pending request and sign an APPROVE vote.");
        yield return Vote("reject", ApprovalDecision.Reject, "Review a pending request and sign a REJECT vote.");
    }

    private static Command Vote(string name, ApprovalDecision decision, string description)
    {
        var requestId = new Argument<string>("requestId") { Description = "The request to vote on." };
        var key = new Option<FileInfo>("--key") { Description = "The approver's private key (PKCS#8 PEM, as `custody approvers keygen` writes it).", Required = true };
        var approver = new Option<string?>("--approver") { Description = "The approver id; defaults to the key file's name before .key.pem." };
        var server = new Option<Uri?>("--server") { Description = "The policy service's URL; defaults to $CUSTODY_POLICY_URL.", CustomParser = r => ServiceClient.AbsoluteUrl(r, "--server") };
        var expiresAt = new Option<string?>("--expires-at") { Description = "The vote's expiry (RFC 3339 with offset, whole seconds); defaults to the end of the approval window." };
        var yes = new Option<bool>("--yes") { Description = "Do not ask for confirmation." };
        var command = new Command(name, description + " The bearer token comes from $CUSTODY_TOKEN.");
        command.Arguments.Add(requestId);
        command.Options.Add(key);
        command.Options.Add(approver);
        command.Options.Add(server);
        command.Options.Add(expiresAt);
        command.Options.Add(yes);
        command.SetAction((parse, ct) => VoteFlow.RunAsync(new VoteFlow.Options(
            parse.GetValue(requestId)!, decision, parse.GetValue(key)!, parse.GetValue(approver), parse.GetValue(server),
            parse.GetValue(expiresAt), parse.GetValue(yes)), ct));
        return command;
    }
}

/// <summary>The exit codes of `custody approve` and `custody reject` (docs/approvals.md).</summary>
internal static class ExitCodes
{
    public const int Recorded = 0;
    public const int BadInput = 1;
    public const int ServerError = 2;
    public const int ReviewMismatch = 3;
    public const int VoteRefused = 4;
    public const int NotConfirmed = 5;
}

/// <summary>One vote, from fetching the review to printing the resulting state.</summary>
internal static class VoteFlow
{
    /// <param name="Token">The approver's bearer token; null takes $CUSTODY_TOKEN (the command's way; `custody demo` gives its own).</param>
    public sealed record Options(string RequestId, ApprovalDecision Decision, FileInfo Key, string? Approver, Uri? Server, string? ExpiresAt, bool Yes, string? Token = null);

    public static async Task<int> RunAsync(Options options, CancellationToken ct)
    {
        if (!Contracts.WireFormat.IsId(options.RequestId))
        {
            return Fail(ExitCodes.BadInput, "the request id must be 1-128 characters of A-Z a-z 0-9 . _ : -");
        }

        var approverId = options.Approver ?? (options.Key.Name.EndsWith(".key.pem", StringComparison.Ordinal) ? options.Key.Name[..^8] : "");
        if (!Contracts.WireFormat.IsId(approverId))
        {
            return Fail(ExitCodes.BadInput, "name the approver with --approver (or use a key file named <id>.key.pem)");
        }

        DateTimeOffset? chosenExpiry = null;
        if (options.ExpiresAt is { } text)
        {
            if (!Rfc3339.TryParse(text, out var parsed))
            {
                return Fail(ExitCodes.BadInput, "--expires-at must be RFC 3339 with an explicit offset (Z or ±hh:mm)");
            }

            chosenExpiry = parsed.ToUniversalTime();
        }

        var server = options.Server ?? (Uri.TryCreate(Environment.GetEnvironmentVariable("CUSTODY_POLICY_URL"), UriKind.Absolute, out var fromEnv) ? fromEnv : null);
        if (server is null || server.Scheme is not ("http" or "https"))
        {
            return Fail(ExitCodes.BadInput, "give the policy service's http(s) URL with --server or $CUSTODY_POLICY_URL");
        }

        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(options.Key.FullName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
        {
            return Fail(ExitCodes.BadInput, $"cannot read the private key {options.Key.Name}: {e.GetType().Name}");
        }

        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        if ((options.Token ?? Environment.GetEnvironmentVariable("CUSTODY_TOKEN")) is { Length: > 0 } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var path = $"v1/transactions/{Uri.EscapeDataString(options.RequestId)}";
        ApprovalReview review;
        try
        {
            using var response = await http.GetAsync(path + "/review", ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return Fail(ExitCodes.ServerError, $"the policy service answered {(int)response.StatusCode} to the review: {await ProblemAsync(response, ct).ConfigureAwait(false)}");
            }

            review = await response.Content.ReadFromJsonAsync(ApprovalsJsonContext.Default.ApprovalReview, ct).ConfigureAwait(false)
                ?? throw new System.Text.Json.JsonException("null review");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or NotSupportedException)
        {
            return Fail(ExitCodes.ServerError, $"cannot get the review from {server}: {e.Message}");
        }

        var check = ReviewCheck.Check(options.RequestId, review, options.Decision, chosenExpiry, DateTimeOffset.UtcNow);
        TrustedDisplay.Print(review, check, approverId, options.Decision);
        if (check.Problems.Count > 0)
        {
            foreach (var problem in check.Problems.Skip(1))
            {
                Console.Error.WriteLine($"  also: {problem}");
            }

            return Fail(ExitCodes.ReviewMismatch, "refusing to sign: " + check.Problems[0]);
        }

        if (!options.Yes && !Confirm(options.Decision))
        {
            return Fail(ExitCodes.NotConfirmed, "not confirmed; nothing was signed");
        }

        var signed = ApprovalSigner.Sign(key, approverId, options.RequestId, check.Intent!.Hash, Hash32.Parse(review.PolicyId), options.Decision, check.ExpiresAt);
        var vote = new VoteSubmission(approverId, signed.Decision, check.ExpiresAt.ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture), signed.Signature);
        try
        {
            using var posted = await http.PostAsJsonAsync(path + "/approvals", vote, ApprovalsJsonContext.Default.VoteSubmission, ct).ConfigureAwait(false);
            if (!posted.IsSuccessStatusCode)
            {
                var code = (int)posted.StatusCode is 409 or 422 ? ExitCodes.VoteRefused : ExitCodes.ServerError;
                return Fail(code, $"the policy service refused the vote ({(int)posted.StatusCode}): {await ProblemAsync(posted, ct).ConfigureAwait(false)}");
            }

            var outcome = await posted.Content.ReadFromJsonAsync(ApprovalsJsonContext.Default.VoteOutcome, ct).ConfigureAwait(false);
            Console.WriteLine($"vote recorded: {approverId} {signed.Decision}; request {options.RequestId} is now {outcome?.State ?? "(unknown)"}");
            foreach (var missing in outcome?.Missing ?? [])
            {
                Console.WriteLine($"  still missing: {missing}");
            }

            return ExitCodes.Recorded;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or NotSupportedException)
        {
            return Fail(ExitCodes.ServerError, $"cannot post the vote to {server}: {e.Message}");
        }
    }

    private static bool Confirm(ApprovalDecision decision)
    {
        Console.Write($"Sign {decision.ToWire()} for exactly this? Type yes: ");
        var answer = Console.ReadLine();
        return string.Equals(answer?.Trim(), "yes", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<string> ProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        try
        {
            using var problem = System.Text.Json.JsonDocument.Parse(body);
            var root = problem.RootElement;
            return root.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : root.TryGetProperty("title", out var title) ? title.GetString() ?? "" : "(no detail)";
        }
        catch (System.Text.Json.JsonException)
        {
            return "(no problem details)";
        }
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"custody: {message}");
        return code;
    }
}
