using System.Text.Json;
using System.Text.Json.Serialization;
using Custody.Signing.Admission;
using Custody.Signing.Sessions;

namespace Custody.Signing.Coordination;

/// <summary>
/// The requests the signer (coordinator) sends a co-signer over the party channel (docs/signing.md "Coordination"),
/// one kind each, with its JSON body, and what the co-signer replies.
/// <list type="bullet">
/// <item><see cref="Challenge"/>: <see cref="ChallengeRequest"/> -> final <see cref="ChallengeAnswer"/>.</item>
/// <item><see cref="Sign"/>: <see cref="SigningInvitation"/> -> <see cref="AdmissionAnswer"/> (final when refused;
/// when admitted the session is open), then final <see cref="SigningOutcome"/> or an error naming the abort.</item>
/// <item><see cref="Keygen"/>: <see cref="KeygenInvitation"/> -> <see cref="CeremonyAnswer"/> (final when refused),
/// then final <see cref="KeygenResult"/>.</item>
/// </list>
/// </summary>
public static class CoordinationKinds
{
    public const string Challenge = "custody.challenge.v1";
    public const string Sign = "custody.sign.v1";
    public const string Keygen = "custody.keygen.v1";
}

/// <summary>Asks a co-signer for a fresh challenge for the session <paramref name="SessionLabel"/> (hex).</summary>
public sealed record ChallengeRequest(string SessionLabel);

/// <summary>The co-signer's challenge (hex, 32 bytes), to be bound into the signer's attestation token.</summary>
public sealed record ChallengeAnswer(string Challenge);

/// <summary>A co-signer's side of a signing session ended with this signature (hex r || s, and the recovery id).</summary>
public sealed record SigningOutcome(string Signature, int RecoveryId);

/// <summary>A party's answer to a ceremony invitation: it joins, or every problem it found.</summary>
public sealed record CeremonyAnswer(bool Accepted, IReadOnlyList<string> Problems);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = 8)]
[JsonSerializable(typeof(ChallengeRequest))]
[JsonSerializable(typeof(ChallengeAnswer))]
[JsonSerializable(typeof(SigningOutcome))]
[JsonSerializable(typeof(CeremonyAnswer))]
public sealed partial class CoordinationJsonContext : JsonSerializerContext;

/// <summary>Reading a body strictly: a body that does not parse is the sender's error, reported with the reason.</summary>
internal static class CoordinationJson
{
    public static T Read<T>(ReadOnlyMemory<byte> body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(body.Span, type) ?? throw new CoordinationException($"the {typeof(T).Name} body is null");
        }
        catch (JsonException e)
        {
            throw new CoordinationException($"the {typeof(T).Name} body does not parse: {e.Message}", e);
        }
    }

    public static byte[] Write<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);
}

/// <summary>A coordination request or reply that is malformed, refused or failed; the message says which and why.</summary>
public sealed class CoordinationException : Exception
{
    public CoordinationException(string message)
        : base(message)
    {
    }

    public CoordinationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CoordinationException()
    {
    }
}
