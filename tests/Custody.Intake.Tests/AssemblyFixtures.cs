using Custody.Intake.Tests.Support;

// One intake service per test run, hosted in-process on the real Pub/Sub and Firestore emulators; every test
// uses its own request and wallet ids, so tests do not depend on each other or on order.
[assembly: AssemblyFixture(typeof(IntakeFixture))]
