namespace Custody.Testing;

/// <summary>
/// Google's Firestore emulator (Cloud SDK component <c>cloud-firestore-emulator</c>), started with java
/// directly so that one pid owns it (the bash wrapper orphans a child).
/// </summary>
public sealed class FirestoreEmulator : GoogleEmulator
{
    protected override string Name => "Firestore";

    protected override string EnvironmentVariable => "FIRESTORE_EMULATOR_HOST";

    /// <summary>Deletes every document of <paramref name="projectId"/>'s default database.</summary>
    public async Task ResetAsync(string projectId)
    {
        using var http = new HttpClient();
        using var response = await http.DeleteAsync(new Uri($"http://{Host}/emulator/v1/projects/{projectId}/databases/(default)/documents")).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    protected override IEnumerable<string> JavaArguments(string platformDirectory, int port)
    {
        var jar = Path.Combine(platformDirectory, "cloud-firestore-emulator", "cloud-firestore-emulator.jar");
        if (!File.Exists(jar))
        {
            throw new InvalidOperationException(Missing($"The Firestore emulator ({jar})", "cloud-firestore-emulator"));
        }

        return ["-Duser.language=en", "-cp", jar, "com.google.cloud.datastore.emulator.firestore.CloudFirestore", "--host=127.0.0.1", $"--port={port}"];
    }
}
