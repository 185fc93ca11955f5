using Custody.Gcp.Emulators;

namespace Custody.Testing;

/// <summary>Google's Pub/Sub emulator (Cloud SDK component <c>pubsub-emulator</c>).</summary>
public sealed class PubSubEmulator : GoogleEmulator
{
    protected override GoogleEmulatorKind Kind => GoogleEmulatorKind.PubSub;
}
