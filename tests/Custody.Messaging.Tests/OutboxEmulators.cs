using Custody.Testing;

// The outbox tests also need Google's Firestore emulator (the Pub/Sub one is registered in AssemblyFixtures.cs).
[assembly: AssemblyFixture(typeof(FirestoreEmulator))]
