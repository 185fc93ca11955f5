using Custody.Testing;

[assembly: AssemblyFixture(typeof(PubSubEmulator))]
[assembly: AssemblyFixture(typeof(FirestoreEmulator))]

namespace Custody.Policy.Tests.Support;

/// <summary>The two emulators every test class of this assembly shares (each class uses its own project).</summary>
public sealed record Emulators(PubSubEmulator PubSub, FirestoreEmulator Firestore);
