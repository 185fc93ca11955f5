using System.Text.Json.Nodes;
using Custody.Ethereum;
using Custody.Ethereum.Signing;
using Custody.Ethereum.Transactions;

namespace Custody.Cli.Tests.Tx;

public sealed class when_running_custody_tx
{
    // EIP-155 "Example" (https://eips.ethereum.org/EIPS/eip-155), key 0x4646..46.
    private const string Eip155Json =
        """{"type":0,"chainId":"1","nonce":"9","to":"0x3535353535353535353535353535353535353535","value":"1000000000000000000","data":"0x","gasLimit":"21000","gasPrice":"20000000000"}""";
    private const string Eip155SigningData = "0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080";
    private const string Eip155SigningHash = "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53";
    private const string Eip155Signed = "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";

    [Fact]
    public async Task encode_prints_the_eip155_signing_data_and_hash()
    {
        var result = await CustodyProcess.RunAsync(Eip155Json, "tx", "encode");

        Assert.Equal(0, result.ExitCode);
        var output = JsonNode.Parse(result.Stdout)!.AsObject();
        Assert.Equal(Eip155SigningData, (string)output["unsigned"]!);
        Assert.Equal(Eip155SigningHash, (string)output["signingHash"]!);
    }

    [Fact]
    public async Task encode_handles_a_contract_creation_with_an_access_list()
    {
        var json = """
            {"type":2,"chainId":"31337","nonce":"0","to":null,"value":"0","data":"0x6000","gasLimit":"100000",
             "maxFeePerGas":"30000000000","maxPriorityFeePerGas":"1000000000",
             "accessList":[{"address":"0x3535353535353535353535353535353535353535","storageKeys":["0x0000000000000000000000000000000000000000000000000000000000000001"]}]}
            """;

        var result = await CustodyProcess.RunAsync(json, "tx", "encode");

        Assert.Equal(0, result.ExitCode);
        var output = JsonNode.Parse(result.Stdout)!.AsObject();
        var expected = TransactionJson.Parse(json);
        Assert.Equal(Hex.Encode(expected.EncodeUnsigned()), (string)output["unsigned"]!);
        Assert.Equal(Hex.Encode(Keccak256.Hash(Hex.Decode((string)output["unsigned"]!))), (string)output["signingHash"]!);
        Assert.StartsWith("0x02", (string)output["unsigned"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task decode_prints_the_eip155_fields_sender_and_hash()
    {
        var result = await CustodyProcess.RunAsync(null, "tx", "decode", Eip155Signed);

        Assert.Equal(0, result.ExitCode);
        var output = JsonNode.Parse(result.Stdout)!.AsObject();
        Assert.Equal("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F", (string)output["from"]!);
        Assert.Equal("9", (string)output["nonce"]!);
        Assert.Equal("20000000000", (string)output["gasPrice"]!);
        Assert.Equal("1000000000000000000", (string)output["value"]!);
        Assert.Equal(Hex.Encode(Keccak256.Hash(Hex.Decode(Eip155Signed))), (string)output["hash"]!);
    }

    [Fact]
    public async Task decode_round_trips_a_signed_eip1559_transaction_from_the_library()
    {
        using var key = PrivateKey.Generate();
        var signed = new DynamicFeeTransaction
        {
            ChainId = 1, Nonce = 7, MaxFeePerGas = 100, MaxPriorityFeePerGas = 2, GasLimit = 60000,
            To = Address.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"), Value = UInt256.MaxValue, Data = new byte[] { 1, 2, 3 },
        }.Sign(key);

        var result = await CustodyProcess.RunAsync(null, "tx", "decode", Hex.Encode(signed.Raw));

        Assert.Equal(0, result.ExitCode);
        Assert.True(JsonNode.DeepEquals(TransactionJson.ToJson(signed), JsonNode.Parse(result.Stdout)));
        Assert.Equal(key.Address.ToString(), (string)JsonNode.Parse(result.Stdout)!["from"]!);
    }

    [Theory]
    [InlineData("0xf86c09")]
    [InlineData("f86c098504")]
    [InlineData("0x03c0")]
    [InlineData("0x")]
    [InlineData("not hex")]
    public async Task decode_of_malformed_input_fails_with_a_clear_error(string raw)
    {
        var result = await CustodyProcess.RunAsync(null, "tx", "decode", raw);

        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("""{"type":3,"chainId":"1","nonce":"0","gasLimit":"21000","gasPrice":"1"}""")]
    [InlineData("""{"type":0,"chainId":"1","nonce":"0","gasLimit":"21000","gasPrice":"-1"}""")]
    [InlineData("""{"type":0,"chainId":"1","nonce":"0","gasLimit":"21000","gasPrice":1}""")]
    [InlineData("""{"type":0,"chainId":"1","nonce":"0","gasLimit":"21000","gasPrice":"1","to":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"}""")]
    [InlineData("""{"type":0,"chainId":"1","nonce":"0","gasLimit":"21000","gasPrice":"1","accessList":[]}""")]
    [InlineData("""{"type":2,"chainId":"1","nonce":"0","gasLimit":"21000","maxFeePerGas":"1","maxPriorityFeePerGas":"2"}""")]
    [InlineData("""{"type":0,"chainId":"0","nonce":"0","gasLimit":"21000","gasPrice":"1"}""")]
    [InlineData("""{"type":0,"type":0,"chainId":"1","nonce":"0","gasLimit":"21000","gasPrice":"1"}""")]
    public async Task encode_of_invalid_json_fails_with_a_clear_error(string json)
    {
        var result = await CustodyProcess.RunAsync(json, "tx", "encode");

        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}
