using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Custody.Attestation.Client;

/// <summary>
/// Asks the Confidential Space launcher for a custom attestation token: HTTP/1.1 over the unix socket
/// /run/container_launcher/teeserver.sock, <c>POST /v1/token</c> with <c>{"audience", "nonces",
/// "token_type": "OIDC"}</c>; the response body is the JWT (Confidential Space docs, "custom tokens").
/// </summary>
public sealed class ConfidentialSpaceTokenClient : IDisposable
{
    private readonly HttpClient _http;

    public ConfidentialSpaceTokenClient(string socketPath = ConfidentialSpace.LauncherSocketPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        var handler = new SocketsHttpHandler
        {
            // Every connection goes to the launcher's socket, whatever the request URI's host says.
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            UseProxy = false,
            AllowAutoRedirect = false,
        };
        _http = new HttpClient(handler)
        {
            BaseAddress = new Uri("http://localhost"),
            Timeout = TimeSpan.FromSeconds(30),
            MaxResponseContentBufferSize = Jwt.JwsToken.MaxLength + 1024,
        };
    }

    /// <summary>Requests an OIDC token for <paramref name="audience"/> bound to <paramref name="nonces"/>.</summary>
    public async Task<string> GetTokenAsync(string audience, IReadOnlyList<string> nonces, CancellationToken cancellationToken = default)
    {
        ValidateRequest(audience, nonces);
        using var content = new ByteArrayContent(WriteRequest(audience, nonces));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync(new Uri("/v1/token", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        var body = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
        if (!response.IsSuccessStatusCode)
        {
            throw new AttestationException(
                $"The launcher refused the token request: HTTP {(int)response.StatusCode} {Truncate(body)}");
        }

        if (body.Split('.').Length != 3)
        {
            throw new AttestationException("The launcher's response is not a compact JWT.");
        }

        return body;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The launcher's limits: audience 1-512 bytes; 1-6 nonces of 8-88 bytes.</summary>
    public static void ValidateRequest(string audience, IReadOnlyList<string> nonces)
    {
        ArgumentNullException.ThrowIfNull(nonces);
        var audienceBytes = Encoding.UTF8.GetByteCount(audience ?? "");
        if (audienceBytes is 0 or > ConfidentialSpace.MaxAudienceBytes)
        {
            throw new ArgumentException($"The audience must be 1-{ConfidentialSpace.MaxAudienceBytes} bytes.", nameof(audience));
        }

        if (nonces.Count is 0 or > ConfidentialSpace.MaxNonces ||
            nonces.Any(n => Encoding.UTF8.GetByteCount(n ?? "") is < ConfidentialSpace.MinNonceBytes or > ConfidentialSpace.MaxNonceBytes))
        {
            throw new ArgumentException(
                $"Give 1-{ConfidentialSpace.MaxNonces} nonces of {ConfidentialSpace.MinNonceBytes}-{ConfidentialSpace.MaxNonceBytes} bytes each.",
                nameof(nonces));
        }
    }

    private static byte[] WriteRequest(string audience, IReadOnlyList<string> nonces)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("audience", audience);
            writer.WriteStartArray("nonces");
            foreach (var nonce in nonces)
            {
                writer.WriteStringValue(nonce);
            }

            writer.WriteEndArray();
            writer.WriteString("token_type", "OIDC");
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
