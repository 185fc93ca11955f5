using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Custody.Cli.Commands.Services;

/// <summary>
/// Talking to a service's HTTP API with a bearer token (docs/intake.md, "CLI"): <c>--url</c> (or an environment
/// variable) and <c>--token</c> (or <c>CUSTODY_TOKEN</c>). Failures become one line on stderr and an exit code.
/// </summary>
internal static class ServiceClient
{
    /// <summary>Usage, file, network or unexpected server errors.</summary>
    public const int Failed = 1;

    /// <summary>The service refused the request's content (400, 413, 422).</summary>
    public const int Refused = 2;

    /// <summary>The request id is already used for another request (409).</summary>
    public const int Conflict = 3;

    /// <summary>No valid token, or the token's roles do not allow it (401, 403).</summary>
    public const int Unauthorized = 4;

    /// <summary>No such request visible to the caller (404).</summary>
    public const int NotFound = 5;

    public const string TokenVariable = "CUSTODY_TOKEN";

    /// <summary>Largest response read (the read model is a few KB).</summary>
    private const int MaxResponseBytes = 1024 * 1024;

    public static Option<Uri?> Url(string variable) => new("--url")
    {
        Description = $"Base URL of the service (default: ${variable}).",
        DefaultValueFactory = _ => Uri.TryCreate(Environment.GetEnvironmentVariable(variable), UriKind.Absolute, out var u) ? u : null,
        CustomParser = result => AbsoluteUrl(result, "--url"),
    };

    /// <summary>
    /// The parser of a URL option: System.CommandLine has no Uri parser of its own, so without it every such option
    /// was an internal error (exit 70).
    /// </summary>
    public static Uri? AbsoluteUrl(System.CommandLine.Parsing.ArgumentResult result, string option)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (Uri.TryCreate(result.Tokens.Single().Value, UriKind.Absolute, out var given))
        {
            return given;
        }

        result.AddError($"{option} must be an absolute http(s) URL of the service.");
        return default;
    }

    public static Option<string?> Token() => new("--token")
    {
        Description = $"Bearer token (an OIDC ID token; default: ${TokenVariable}). `custody dev issuer` prints tokens for local runs.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TokenVariable),
    };

    public static HttpClient Create(Uri? url, string? token)
    {
        if (url is null || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("--url must be an absolute http(s) URL of the service.");
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ArgumentException($"a bearer token is required: --token or ${TokenVariable}.");
        }

        var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30), MaxResponseContentBufferSize = MaxResponseBytes };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        return client;
    }

    /// <summary>For a failed response: one line (the Problem Details title and detail, and any reasons on their own lines) and the exit code.</summary>
    public static async Task<int> ReportFailureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var code = response.StatusCode switch
        {
            HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity => Refused,
            HttpStatusCode.Conflict => Conflict,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => Unauthorized,
            HttpStatusCode.NotFound => NotFound,
            _ => Failed,
        };
        var (line, reasons) = await DescribeAsync(response, ct).ConfigureAwait(false);
        await Console.Error.WriteLineAsync($"error: {(int)response.StatusCode} {line}").ConfigureAwait(false);
        foreach (var reason in reasons)
        {
            await Console.Error.WriteLineAsync($"  {reason}").ConfigureAwait(false);
        }

        return code;
    }

    /// <summary>Runs <paramref name="body"/>, turning usage, network and timeout failures into one line and <see cref="Failed"/>.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"error: cannot reach the service: {ex.Message}").ConfigureAwait(false);
        }
        catch (TaskCanceledException)
        {
            await Console.Error.WriteLineAsync("error: the service did not answer in time").ConfigureAwait(false);
        }

        return Failed;
    }

    private static async Task<(string Line, IReadOnlyList<string> Reasons)> DescribeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
            var root = problem.RootElement;
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            var reasons = root.TryGetProperty("reasons", out var r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Select(e => $"{e.GetProperty("path").GetString()}: {e.GetProperty("code").GetString()}: {e.GetProperty("message").GetString()}").ToArray()
                : [];
            return (string.Join(" ", new[] { title, detail }.Where(s => !string.IsNullOrWhiteSpace(s))), reasons);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return (response.ReasonPhrase ?? "request failed", []);
        }
    }
}
