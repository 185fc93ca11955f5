using Custody.Testing;

namespace Custody.Ethereum.Tests.Anvil;

/// <summary>anvil with --no-mining: submitted transactions stay in the pool until a block is mined.</summary>
public sealed class NoMiningAnvilFixture() : AnvilFixture(["--no-mining"]);
