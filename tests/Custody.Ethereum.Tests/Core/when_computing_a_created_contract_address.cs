using Custody.Chain.Dev;

namespace Custody.Ethereum.Tests.Core;

/// <summary>CREATE addresses (Yellow Paper section 7) against the addresses anvil's first dev account's contracts get.</summary>
public sealed class when_computing_a_created_contract_address
{
    private static readonly Address DevAccount = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

    [Theory]
    [InlineData(0UL, "0x5FbDB2315678afecb367f032d93F642f64180aa3")]
    [InlineData(1UL, "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512")]
    [InlineData(2UL, "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0")]
    public void it_matches_the_address_the_node_gives(ulong nonce, string expected) =>
        Assert.Equal(Address.Parse(expected), TestTokenContract.CreatedAddress(DevAccount, nonce));

    [Fact]
    public void a_nonce_that_needs_a_longer_encoding_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TestTokenContract.CreatedAddress(DevAccount, 128));
}
