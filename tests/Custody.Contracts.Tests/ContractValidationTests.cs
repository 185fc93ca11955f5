using Custody.Contracts.Events;

namespace Custody.Contracts.Tests;

public sealed class when_a_request_has_bad_fields
{
    private static readonly TransactionRequested Valid = new(
        "req-1", "wallet-1", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", 1,
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "0", "0x", "svc", DateTimeOffset.UnixEpoch);

    [Fact]
    public void a_valid_request_has_no_errors() => Assert.Empty(Valid.Validate());

    [Theory]
    [InlineData("-1")]
    [InlineData("01")]
    [InlineData("1.5")]
    [InlineData("0x10")]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("115792089237316195423570985008687907853269984665640564039457584007913129639936")]
    public void a_value_outside_uint256_decimal_is_named(string value) =>
        Assert.Contains((Valid with { Value = value }).Validate(), e => e.StartsWith("$.value:", StringComparison.Ordinal));

    [Fact]
    public void the_largest_uint256_is_a_valid_value() =>
        Assert.Empty((Valid with { Value = "115792089237316195423570985008687907853269984665640564039457584007913129639935" }).Validate());

    [Theory]
    [InlineData("0x1")]
    [InlineData("0xzz")]
    [InlineData("")]
    [InlineData("abcd")]
    public void data_that_is_not_even_hex_is_named(string data) =>
        Assert.Contains((Valid with { Data = data }).Validate(), e => e.StartsWith("$.data:", StringComparison.Ordinal));

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe")]
    [InlineData("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00")]
    public void an_address_of_the_wrong_shape_is_named(string address) =>
        Assert.Contains((Valid with { To = address }).Validate(), e => e.StartsWith("$.to:", StringComparison.Ordinal));

    [Fact]
    public void chain_id_zero_and_bad_ids_are_all_named()
    {
        var errors = (Valid with { ChainId = 0, RequestId = "has space", WalletId = "", Initiator = " padded" }).Validate();
        Assert.Equal(4, errors.Count);
    }
}
