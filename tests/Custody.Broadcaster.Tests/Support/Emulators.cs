using Custody.Testing;

[assembly: AssemblyFixture(typeof(PubSubEmulator))]
[assembly: AssemblyFixture(typeof(FirestoreEmulator))]
