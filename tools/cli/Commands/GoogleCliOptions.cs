using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Custody.Gcp;
using Custody.Gcp.Channels;

namespace Custody.Cli;

/// <summary>
/// The options every command that talks to Google Cloud shares: <c>--project</c>, <c>--database</c> and
/// <c>--emulator-host</c> (Firestore emulator; without it, production with Application Default Credentials).
/// </summary>
internal static partial class GoogleCliOptions
{
    public static Option<string> Project() => new("--project") { Description = "Google Cloud project id.", Required = true };

    public static Option<string> Database() => new("--database") { Description = "Firestore database id.", DefaultValueFactory = _ => "(default)" };

    public static Option<string?> FirestoreEmulator() => new("--emulator-host") { Description = "host:port of a Firestore emulator (local use); omit for production with Application Default Credentials." };

    /// <summary>Builds the channel factory; throws <see cref="ArgumentException"/> on invalid input.</summary>
    public static GoogleChannelFactory Channels(string project, string database, string? firestoreEmulator, string? pubSubEmulator = null)
    {
        var options = new GoogleCloudOptions
        {
            ProjectId = project,
            FirestoreDatabase = database,
            UseEmulators = firestoreEmulator is not null || pubSubEmulator is not null,
            FirestoreEmulatorHost = CheckHost(firestoreEmulator, "--emulator-host"),
            PubSubEmulatorHost = CheckHost(pubSubEmulator, "--pubsub-emulator-host"),
        };
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
        {
            throw new ArgumentException(string.Join(" ", errors.Select(e => e.ErrorMessage)));
        }

        return new GoogleChannelFactory(Microsoft.Extensions.Options.Options.Create(options));
    }

    /// <summary>The host unchanged when it is host:port; else an <see cref="ArgumentException"/> naming the option.</summary>
    public static string? CheckHost(string? host, string option) =>
        host is null || HostPattern().IsMatch(host) ? host : throw new ArgumentException($"{option}: must be host:port");

    [GeneratedRegex(@"^[A-Za-z0-9.\-]+:[0-9]{1,5}$")]
    private static partial Regex HostPattern();
}
