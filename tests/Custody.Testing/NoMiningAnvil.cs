namespace Custody.Testing;

/// <summary>anvil with mining on arrival turned off: transactions stay in the pool until a test mines a block.</summary>
public sealed class NoMiningAnvil() : AnvilFixture(["--no-mining"]);
