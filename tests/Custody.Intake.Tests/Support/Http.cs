using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Custody.Contracts;
using Custody.Contracts.Api;
using Custody.Contracts.Approvals;
using Custody.Contracts.Events;

namespace Custody.Intake.Tests.Support;

/// <summary>Small HTTP helpers over the intake API.</summary>
internal static class Http
{
    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient client, TransactionRequested request) =>
        client.PostAsJsonAsync(new Uri("/v1/transactions", UriKind.Relative), request, ContractsJsonContext.Default.TransactionRequested, TestContext.Current.CancellationToken);

    public static async Task<HttpResponseMessage> SubmitRawAsync(this HttpClient client, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await client.PostAsync(new Uri("/v1/transactions", UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    public static Task<HttpResponseMessage> ShowAsync(this HttpClient client, string requestId) =>
        client.GetAsync(new Uri($"/v1/transactions/{Uri.EscapeDataString(requestId)}", UriKind.Relative), TestContext.Current.CancellationToken);

    public static async Task<TransactionStatus> StatusAsync(this HttpResponseMessage response) =>
        JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), ApprovalsJsonContext.Default.TransactionStatus)!;

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }

    /// <summary>The (path, code) pairs of a 422 rejection's reasons.</summary>
    public static async Task<IReadOnlyList<(string Path, string Code)>> ReasonsAsync(this HttpResponseMessage response)
    {
        var problem = await response.ProblemAsync();
        return [.. problem.GetProperty("reasons").EnumerateArray().Select(r => (r.GetProperty("path").GetString()!, r.GetProperty("code").GetString()!))];
    }
}
