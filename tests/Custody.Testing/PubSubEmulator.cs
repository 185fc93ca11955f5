namespace Custody.Testing;

/// <summary>Google's Pub/Sub emulator (Cloud SDK component <c>pubsub-emulator</c>).</summary>
public sealed class PubSubEmulator : GoogleEmulator
{
    protected override string Name => "Pub/Sub";

    protected override string EnvironmentVariable => "PUBSUB_EMULATOR_HOST";

    protected override IEnumerable<string> JavaArguments(string platformDirectory, int port)
    {
        var lib = Path.Combine(platformDirectory, "pubsub-emulator", "lib");
        var jar = Directory.Exists(lib) ? Directory.GetFiles(lib, "cloud-pubsub-emulator-*-all.jar").OrderBy(f => f, StringComparer.Ordinal).LastOrDefault() : null;
        if (jar is null)
        {
            throw new InvalidOperationException(Missing($"The Pub/Sub emulator ({lib}/cloud-pubsub-emulator-*-all.jar)", "pubsub-emulator"));
        }

        return ["-jar", jar, "--host=127.0.0.1", $"--port={port}"];
    }
}
