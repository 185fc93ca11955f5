using System.ComponentModel.DataAnnotations;

namespace Custody.Gcp;

/// <summary>
/// Where and as whom Custody talks to Google Cloud. Section <c>Google</c>.
/// Emulator addresses are honoured only when <see cref="UseEmulators"/> is true, so that a stray
/// PUBSUB_EMULATOR_HOST in a production environment can never redirect traffic (docs/google-cloud.md).
/// </summary>
public sealed class GoogleCloudOptions
{
    public const string SectionName = "Google";

    /// <summary>The Google Cloud project id (e.g. <c>custody-prod</c>).</summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", ErrorMessage = "ProjectId must be a Google Cloud project id (6-30 lowercase letters, digits, hyphens).")]
    public string ProjectId { get; set; } = "";

    /// <summary>Firestore database id; <c>(default)</c> unless the institution uses a named database.</summary>
    [Required]
    public string FirestoreDatabase { get; set; } = "(default)";

    /// <summary>Local and test only: connect to emulators (plain h2c, no credentials).</summary>
    public bool UseEmulators { get; set; }

    /// <summary>host:port of the Pub/Sub emulator; falls back to PUBSUB_EMULATOR_HOST when <see cref="UseEmulators"/>.</summary>
    public string? PubSubEmulatorHost { get; set; }

    /// <summary>host:port of the Firestore emulator; falls back to FIRESTORE_EMULATOR_HOST when <see cref="UseEmulators"/>.</summary>
    public string? FirestoreEmulatorHost { get; set; }

    /// <summary>Production endpoint overrides (private service connect, regional endpoints). https only.</summary>
    public Uri PubSubEndpoint { get; set; } = new("https://pubsub.googleapis.com");

    public Uri FirestoreEndpoint { get; set; } = new("https://firestore.googleapis.com");

    public Uri KmsEndpoint { get; set; } = new("https://cloudkms.googleapis.com");
}
