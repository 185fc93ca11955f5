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
            throw new ArgumentException(string.Join("; ", errors.Select(InOptionWords)));
        }

        return new GoogleChannelFactory(Microsoft.Extensions.Options.Options.Create(options));
    }

    /// <summary>"ProjectId must be ..." as "--project: must be ...", in the words of the command line.</summary>
    private static string InOptionWords(ValidationResult error)
    {
        var member = error.MemberNames.FirstOrDefault() ?? "";
        var option = member switch
        {
            nameof(GoogleCloudOptions.ProjectId) => "--project",
            nameof(GoogleCloudOptions.FirestoreDatabase) => "--database",
            _ => member,
        };
        var message = (error.ErrorMessage ?? "is not valid").TrimEnd('.');
        return message.StartsWith(member + " ", StringComparison.Ordinal) ? $"{option}: {message[(member.Length + 1)..]}" : $"{option}: {message}";
    }

    /// <summary>The host unchanged when it is host:port; else an <see cref="ArgumentException"/> naming the option.</summary>
    public static string? CheckHost(string? host, string option) =>
        host is null || (HostPattern().IsMatch(host) && int.Parse(host[(host.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 65535)
            ? host
            : throw new ArgumentException($"{option}: must be host:port with a port in [1, 65535]");

    [GeneratedRegex(@"^[A-Za-z0-9.\-]+:[0-9]{1,5}$")]
    private static partial Regex HostPattern();
}
