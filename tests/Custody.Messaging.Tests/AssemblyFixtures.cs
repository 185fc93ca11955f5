using Custody.Testing;

// One Pub/Sub emulator for the whole test assembly; each emulator test class uses its own project id.
[assembly: AssemblyFixture(typeof(PubSubEmulator))]
