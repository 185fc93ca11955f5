namespace Custody.Signing.Tests;

/// <summary>Thrown from a store's durable-step seam: the process "crashes" right after that write.</summary>
internal sealed class SimulatedCrash : Exception;
