using Custody.Chain.Dev;
using Custody.Ethereum.Abi;
using Custody.Chain;
using Custody.Ethereum.Transactions;
using Custody.Testing;

namespace Custody.Ethereum.Tests.Anvil;

/// <summary>Transactions signed by this library, submitted to a real anvil node.</summary>
public sealed class when_transacting_on_anvil(AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task ether_sent_with_each_transaction_type_arrives()
    {
        using var sender = await Funded.NewKeyAsync(anvil);
        var gasPrice = await anvil.Client.GetGasPriceAsync();
        var recipient = Address.Create(Keccak256.Hash(sender.PublicKey.Span)[..20]);
        var nonce = await anvil.Client.GetTransactionCountAsync(sender.Address, BlockTag.Latest);
        Transaction[] transactions =
        [
            new LegacyTransaction { ChainId = anvil.ChainId, Nonce = nonce, GasPrice = gasPrice * 2, GasLimit = 21000, To = recipient, Value = 1 },
            new AccessListTransaction
            {
                ChainId = anvil.ChainId, Nonce = nonce + 1, GasPrice = gasPrice * 2, GasLimit = 30000, To = recipient, Value = 2,
                AccessList = [new AccessListEntry(recipient, [Bytes32.Create(new byte[32])])],
            },
            await Funded.Eip1559Async(anvil, sender, recipient, 3, nonce: nonce + 2),
        ];

        foreach (var tx in transactions)
        {
            var signed = tx.Sign(sender);
            var receipt = await Funded.SendAsync(anvil, signed);
            Assert.True(receipt.Succeeded);
            Assert.Equal(sender.Address, receipt.From);

            var seen = await anvil.Client.GetTransactionByHashAsync(signed.Hash);
            Assert.NotNull(seen);
            Assert.Equal((byte)tx.Type, seen.Type);
            Assert.Equal(sender.Address, seen.From);
            Assert.Equal(tx.Nonce, seen.Nonce);
        }

        Assert.Equal((UInt256)6, await anvil.Client.GetBalanceAsync(recipient, BlockTag.Latest));
        Assert.Equal(nonce + 3, await anvil.Client.GetTransactionCountAsync(sender.Address, BlockTag.Latest));
    }

    [Fact]
    public async Task an_erc20_token_is_deployed_and_transferred_with_a_transfer_log()
    {
        using var owner = await Funded.NewKeyAsync(anvil);
        var deploy = await Funded.Eip1559Async(anvil, owner, null, UInt256.Zero, TestTokenContract.InitCode(), gasLimit: 1_000_000);
        var deployed = await Funded.SendAsync(anvil, deploy.Sign(owner));
        Assert.True(deployed.Succeeded);
        var token = deployed.ContractAddress ?? throw new InvalidOperationException("No contract address in the receipt.");
        Assert.Equal(TestTokenContract.CreatedAddress(owner.Address, deploy.Nonce), token); // the node's CREATE address is ours

        var recipient = Address.Parse("0x000000000000000000000000000000000000c0de");
        var amount = UInt256.Parse("12345000000000000000");
        var transfer = await Funded.Eip1559Async(anvil, owner, token, UInt256.Zero, new Erc20Transfer(recipient, amount).Encode(), gasLimit: 100_000);
        var receipt = await Funded.SendAsync(anvil, transfer.Sign(owner));

        Assert.True(receipt.Succeeded);
        var log = Assert.Single(receipt.Logs);
        Assert.Equal(token, log.Address);
        Assert.Equal(3, log.Topics.Count);
        Assert.True(log.Topics[0].Span.SequenceEqual(Erc20.TransferEventTopic));
        Assert.Equal(owner.Address, Address.Create(log.Topics[1].Span[12..]));
        Assert.Equal(recipient, Address.Create(log.Topics[2].Span[12..]));
        Assert.Equal(amount, AbiDecoder.Decode(log.Data, AbiType.UInt256).GetUInt256(0));

        var balance = await anvil.Client.CallAsync(new CallRequest { To = token, Data = Erc20.EncodeBalanceOf(recipient) }, BlockTag.Latest);
        Assert.Equal(amount, AbiDecoder.Decode(balance, AbiType.UInt256).GetUInt256(0));
    }

    [Fact]
    public async Task a_reverting_call_reports_the_decoded_reason()
    {
        using var owner = await Funded.NewKeyAsync(anvil);
        var deployed = await Funded.SendAsync(anvil, (await Funded.Eip1559Async(anvil, owner, null, UInt256.Zero, TestTokenContract.InitCode(), gasLimit: 1_000_000)).Sign(owner));
        using var stranger = await Funded.NewKeyAsync(anvil);
        var call = new CallRequest
        {
            From = stranger.Address,
            To = deployed.ContractAddress,
            Data = new Erc20Transfer(owner.Address, UInt256.One).Encode(),
        };

        var viaCall = await Assert.ThrowsAsync<ExecutionRevertedException>(() => anvil.Client.CallAsync(call, BlockTag.Latest));
        var viaEstimate = await Assert.ThrowsAsync<ExecutionRevertedException>(() => anvil.Client.EstimateGasAsync(call));

        Assert.Equal("insufficient balance", viaCall.Reason);
        Assert.Equal("insufficient balance", viaEstimate.Reason);
    }

    [Fact]
    public async Task reusing_a_mined_nonce_is_reported_as_nonce_too_low()
    {
        using var sender = await Funded.NewKeyAsync(anvil);
        var first = await Funded.Eip1559Async(anvil, sender, sender.Address, 1);
        await Funded.SendAsync(anvil, first.Sign(sender));

        var again = first with { Value = 2 };
        await Assert.ThrowsAsync<NonceTooLowException>(() => anvil.Client.SendRawTransactionAsync(again.Sign(sender).ToArray()));
    }

    [Fact]
    public async Task an_unfunded_sender_is_reported_as_insufficient_funds()
    {
        using var pauper = Custody.Ethereum.Signing.PrivateKey.Generate();
        var tx = await Funded.Eip1559Async(anvil, pauper, Address.Parse("0x000000000000000000000000000000000000dead"), Funded.OneEther);

        await Assert.ThrowsAsync<InsufficientFundsException>(() => anvil.Client.SendRawTransactionAsync(tx.Sign(pauper).ToArray()));
    }

    [Fact]
    public async Task chain_and_fee_queries_answer_consistently()
    {
        Assert.Equal(31337UL, await anvil.Client.GetChainIdAsync());
        var number = await anvil.Client.GetBlockNumberAsync();
        var block = await anvil.Client.GetBlockByNumberAsync(BlockTag.Number(number));
        Assert.NotNull(block);
        Assert.Equal(number, block.Number);
        Assert.Null(await anvil.Client.GetBlockByNumberAsync(BlockTag.Number(number + 1000)));

        var history = await anvil.Client.GetFeeHistoryAsync(1, BlockTag.Latest, [50.0]);
        Assert.Equal(2, history.BaseFeePerGas.Count);
        Assert.Single(history.GasUsedRatio);

        var estimate = await anvil.Client.EstimateGasAsync(new CallRequest { To = Address.Zero, Value = UInt256.Zero });
        Assert.Equal(21000UL, estimate);
        Assert.Null(await anvil.Client.GetTransactionReceiptAsync(Bytes32.Create(new byte[32])));
        Assert.Null(await anvil.Client.GetTransactionByHashAsync(Bytes32.Create(new byte[32])));
    }
}
