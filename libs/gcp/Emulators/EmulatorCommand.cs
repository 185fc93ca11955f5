namespace Custody.Gcp.Emulators;

/// <summary>
/// The <c>java</c> command lines that start Google's emulators from an installed Google Cloud CLI
/// (docs/google-cloud.md, "The official emulators"). Java is started directly so that one pid
/// owns the emulator (the gcloud bash wrappers orphan a child).
/// </summary>
public static class EmulatorCommand
{
    /// <summary>The Cloud SDK root: <c>CLOUDSDK_ROOT</c> or <c>/usr/lib/google-cloud-sdk</c>.</summary>
    public static string SdkRoot => Environment.GetEnvironmentVariable("CLOUDSDK_ROOT") ?? "/usr/lib/google-cloud-sdk";

    /// <summary>The standard environment variable naming an already running emulator (host:port).</summary>
    public static string EnvironmentVariable(GoogleEmulatorKind kind) => kind switch
    {
        GoogleEmulatorKind.PubSub => "PUBSUB_EMULATOR_HOST",
        GoogleEmulatorKind.Firestore => "FIRESTORE_EMULATOR_HOST",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The arguments for <c>java</c> that start <paramref name="kind"/> on 127.0.0.1:<paramref name="port"/>.</summary>
    /// <exception cref="InvalidOperationException">The emulator is not installed (the message says how to install it).</exception>
    public static IReadOnlyList<string> JavaArguments(GoogleEmulatorKind kind, int port, string? sdkRoot = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        var platform = Path.Combine(sdkRoot ?? SdkRoot, "platform");
        return kind switch
        {
            GoogleEmulatorKind.PubSub => PubSub(platform, port),
            GoogleEmulatorKind.Firestore => Firestore(platform, port),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static string[] PubSub(string platform, int port)
    {
        var lib = Path.Combine(platform, "pubsub-emulator", "lib");
        var jar = Directory.Exists(lib)
            ? Directory.GetFiles(lib, "cloud-pubsub-emulator-*-all.jar").OrderBy(f => f, StringComparer.Ordinal).LastOrDefault()
            : null;
        return jar is null
            ? throw new InvalidOperationException(Missing($"The Pub/Sub emulator ({lib}/cloud-pubsub-emulator-*-all.jar)", "pubsub-emulator"))
            : ["-jar", jar, "--host=127.0.0.1", $"--port={port}"];
    }

    private static string[] Firestore(string platform, int port)
    {
        var jar = Path.Combine(platform, "cloud-firestore-emulator", "cloud-firestore-emulator.jar");
        return !File.Exists(jar)
            ? throw new InvalidOperationException(Missing($"The Firestore emulator ({jar})", "cloud-firestore-emulator"))
            : ["-Duser.language=en", "-cp", jar, "com.google.cloud.datastore.emulator.firestore.CloudFirestore", "--host=127.0.0.1", $"--port={port}"];
    }

    private static string Missing(string what, string component) =>
        $"{what} is not installed. Install the Google Cloud CLI and run `gcloud components install {component}` " +
        "(or start the emulator elsewhere and set the standard *_EMULATOR_HOST variable).";
}
