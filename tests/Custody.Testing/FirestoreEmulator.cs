using Custody.Gcp.Emulators;

namespace Custody.Testing;

/// <summary>
/// Google's Firestore emulator (Cloud SDK component <c>cloud-firestore-emulator</c>), started with java
/// directly so that one pid owns it (the bash wrapper orphans a child).
/// </summary>
public sealed class FirestoreEmulator : GoogleEmulator
{
    protected override GoogleEmulatorKind Kind => GoogleEmulatorKind.Firestore;

    /// <summary>Deletes every document of <paramref name="projectId"/>'s default database.</summary>
    public async Task ResetAsync(string projectId)
    {
        using var http = new HttpClient();
        using var response = await http.DeleteAsync(new Uri($"http://{Host}/emulator/v1/projects/{projectId}/databases/(default)/documents")).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }
}
