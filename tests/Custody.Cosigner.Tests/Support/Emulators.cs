using Custody.Testing;

[assembly: AssemblyFixture(typeof(FirestoreEmulator))]
