using System.Collections.Concurrent;
using Google.Apis.Auth.OAuth2;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace Custody.Gcp.Channels;

/// <summary>
/// One gRPC channel per Google API, shared by every client of this process.
/// Production: TLS to the Google endpoint with Application Default Credentials (service account key,
/// Workload Identity Federation as Confidential Space uses it, or the metadata server) as call credentials.
/// Emulators (only when <see cref="GoogleCloudOptions.UseEmulators"/>): plain h2c, no credentials.
/// </summary>
public sealed class GoogleChannelFactory : IDisposable
{
    private const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";
    private readonly GoogleCloudOptions _options;
    private readonly Func<CancellationToken, Task<GoogleCredential>> _credentialSource;
    private readonly ConcurrentDictionary<GoogleApi, Lazy<GrpcChannel>> _channels = new();
    private readonly Lazy<Task<GoogleCredential>> _credential;

    public GoogleChannelFactory(IOptions<GoogleCloudOptions> options)
        : this(options.Value, ct => GoogleCredential.GetApplicationDefaultAsync(ct))
    {
    }

    /// <param name="credentialSource">Where production credentials come from (Application Default Credentials by default).</param>
    public GoogleChannelFactory(GoogleCloudOptions options, Func<CancellationToken, Task<GoogleCredential>> credentialSource)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _credentialSource = credentialSource;
        _credential = new Lazy<Task<GoogleCredential>>(LoadCredentialAsync);
    }

    /// <summary>The options this factory was built with.</summary>
    public GoogleCloudOptions Options => _options;

    /// <summary>The shared channel for <paramref name="api"/>.</summary>
    public GrpcChannel ChannelFor(GoogleApi api) => _channels.GetOrAdd(api, a => new Lazy<GrpcChannel>(() => Create(a))).Value;

    /// <summary>True when <paramref name="api"/> is served by a local emulator (no credentials, h2c).</summary>
    public bool IsEmulated(GoogleApi api) => EmulatorHostFor(api) is not null;

    public void Dispose()
    {
        foreach (var channel in _channels.Values.Where(c => c.IsValueCreated))
        {
            channel.Value.Dispose();
        }
    }

    private GrpcChannel Create(GoogleApi api)
    {
        var emulatorHost = EmulatorHostFor(api);
        if (emulatorHost is not null)
        {
            return GrpcChannel.ForAddress(new Uri($"http://{emulatorHost}"), new GrpcChannelOptions
            {
                MaxReceiveMessageSize = 32 * 1024 * 1024,
            });
        }

        var endpoint = api switch
        {
            GoogleApi.PubSub => _options.PubSubEndpoint,
            GoogleApi.Firestore => _options.FirestoreEndpoint,
            GoogleApi.Kms => _options.KmsEndpoint,
            _ => throw new ArgumentOutOfRangeException(nameof(api)),
        };
        if (endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"The {api} endpoint must use https outside emulator mode; got '{endpoint}'.");
        }

        var credentials = CallCredentials.FromInterceptor(AddAuthorizationAsync);
        return GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(new SslCredentials(), credentials),
            MaxReceiveMessageSize = 32 * 1024 * 1024,
        });
    }

    private string? EmulatorHostFor(GoogleApi api)
    {
        if (!_options.UseEmulators)
        {
            return null;
        }

        var host = api switch
        {
            GoogleApi.PubSub => _options.PubSubEmulatorHost ?? Environment.GetEnvironmentVariable("PUBSUB_EMULATOR_HOST"),
            GoogleApi.Firestore => _options.FirestoreEmulatorHost ?? Environment.GetEnvironmentVariable("FIRESTORE_EMULATOR_HOST"),
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(host))
        {
            return api == GoogleApi.Kms
                ? null
                : throw new InvalidOperationException($"UseEmulators is set but no {api} emulator host is configured (Google:{api}EmulatorHost or the standard environment variable).");
        }

        return host.Trim();
    }

    private async Task<GoogleCredential> LoadCredentialAsync()
    {
        var credential = await _credentialSource(CancellationToken.None).ConfigureAwait(false);
        return credential.IsCreateScopedRequired ? credential.CreateScoped(CloudPlatformScope) : credential;
    }

    // Adds `authorization: Bearer <token>` and the extra headers some credentials require
    // (ITokenAccessWithHeaders, e.g. the quota project of a user credential).
    private async Task AddAuthorizationAsync(AuthInterceptorContext context, Metadata metadata)
    {
        var credential = await _credential.Value.ConfigureAwait(false);
        ITokenAccess access = credential;
        if (access is ITokenAccessWithHeaders withHeaders)
        {
            var tokenWithHeaders = await withHeaders.GetAccessTokenWithHeadersForRequestAsync(context.ServiceUrl, context.CancellationToken).ConfigureAwait(false);
            metadata.Add("authorization", $"Bearer {tokenWithHeaders.AccessToken}");
            foreach (var header in tokenWithHeaders.Headers)
            {
                foreach (var value in header.Value)
                {
                    metadata.Add(header.Key.ToLowerInvariant(), value);
                }
            }

            return;
        }

        var token = await access.GetAccessTokenForRequestAsync(context.ServiceUrl, context.CancellationToken).ConfigureAwait(false);
        metadata.Add("authorization", $"Bearer {token}");
    }
}
