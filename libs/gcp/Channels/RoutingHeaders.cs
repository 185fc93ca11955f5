using Grpc.Core;

namespace Custody.Gcp.Channels;

/// <summary>
/// The request metadata Google's client libraries (GAX) add to every call: the routing header
/// <c>x-goog-request-params</c> that lets Google's front ends route by resource, and for Firestore the
/// <c>google-cloud-resource-prefix</c>. Emulators need a static <c>authorization: Bearer owner</c> for
/// Firestore admin access (docs/google-cloud.md, "Credentials, endpoints, headers").
/// </summary>
public static class RoutingHeaders
{
    public const string RequestParams = "x-goog-request-params";
    public const string ResourcePrefix = "google-cloud-resource-prefix";

    /// <summary>Metadata carrying <c>x-goog-request-params: {name}={url-encoded value}</c>.</summary>
    public static Metadata For(string parameter, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(parameter);
        ArgumentException.ThrowIfNullOrEmpty(value);
        return new Metadata { { RequestParams, $"{parameter}={Uri.EscapeDataString(value)}" } };
    }

    /// <summary>Metadata for a Firestore call on <paramref name="databasePath"/> (projects/p/databases/d).</summary>
    public static Metadata ForFirestore(string databasePath, bool emulated)
    {
        var metadata = For("database", databasePath);
        metadata.Add(ResourcePrefix, databasePath);
        if (emulated)
        {
            metadata.Add("authorization", "Bearer owner");
        }

        return metadata;
    }
}
