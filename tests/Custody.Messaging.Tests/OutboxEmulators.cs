using Custody.Testing;

// The outbox tests run against Google's Firestore and Pub/Sub emulators (one of each for the whole assembly).
[assembly: AssemblyFixture(typeof(FirestoreEmulator))]
[assembly: AssemblyFixture(typeof(PubSubEmulator))]
