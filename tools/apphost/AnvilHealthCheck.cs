using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Custody.AppHost;

/// <summary>anvil is healthy when it answers a JSON-RPC <c>eth_chainId</c> with a result (it serves no health path).</summary>
internal sealed class AnvilHealthCheck(Uri endpoint) : IHealthCheck
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var body = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}""", Encoding.UTF8, "application/json");
            using var response = await Http.PostAsync(endpoint, body, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode && text.Contains("\"result\"", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"eth_chainId answered {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy("anvil does not answer eth_chainId", ex);
        }
    }
}
