using Custody.Domain.Lifecycle;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;
using Custody.Signer.Tests.Support;
using Custody.Signing.Admission;
using Custody.State;
using Custody.Testing;

namespace Custody.Signer.Tests;

/// <summary>
/// docs/signing.md "The signer": the signer service with two co-signers over the party channel, the emulators and
/// anvil. An approved request becomes one signed transaction that anvil mines from the wallet's address; a
/// redelivery signs nothing new; refusals are recorded and give their nonce back; nonces never collide or skip.
/// </summary>
public sealed class when_the_signer_signs_an_approved_request(PubSubEmulator pubSub, FirestoreEmulator firestore, AnvilFixture anvil)
{
    [Fact]
    public async Task the_key_ceremony_registers_the_wallet_and_an_approved_request_becomes_one_mined_transaction_from_it()
    {
        await using var stack = await SignerStack.StartAsync(pubSub, firestore, anvil);
        var wallet = await stack.CreateWalletAsync("treasury-e2e");
        Assert.Equal(wallet.Address, (await new WalletRegistry(stack.Database).GetAsync("treasury-e2e", TestContext.Current.CancellationToken))!.Address);

        var approved = stack.Policy.Approved(SignerPolicy.Request("req-signer-1", "treasury-e2e", Address.Parse(wallet.Address), 1.5m), "alice", "bob");
        await stack.PublishApprovedAsync(approved);
        var signed = await stack.WaitForStateAsync("req-signer-1", TransactionState.Signed);

        var transaction = SignedTransaction.Decode(Hex.Decode(signed.RawTransaction!));
        Assert.Equal(Address.Parse(wallet.Address), transaction.RecoverSender());
        Assert.Equal((0L, transaction.Hash.ToString()), (signed.Nonce, signed.TransactionHash));
        Assert.Equal(SignerPolicy.Payee, transaction.Transaction.To);
        Assert.StartsWith("signed by signer, cosigner-a", signed.SigningNote, StringComparison.Ordinal);
        Assert.Single(await stack.SignedEventsAsync("req-signer-1"));

        var hash = await anvil.Client.SendRawTransactionAsync(transaction.Raw.ToArray(), TestContext.Current.CancellationToken);
        var receipt = await anvil.WaitForReceiptAsync(hash);
        Assert.Equal(transaction.Hash, receipt.TransactionHash);

        // A redelivery: the request is Signed, nothing is signed or published again.
        await stack.DeliverAsync(approved);
        Assert.Equal(signed.TransactionHash, (await stack.RecordAsync("req-signer-1"))!.TransactionHash);
        Assert.Single(await stack.SignedEventsAsync("req-signer-1"));
    }

    [Fact]
    public async Task a_cosigner_without_the_policy_refuses_and_the_other_signs()
    {
        var other = Domain.Policies.PolicyParser.Parse(SignerPolicy.Json.Replace("signer-tests", "another", StringComparison.Ordinal));
        await using var stack = await SignerStack.StartAsync(pubSub, firestore, anvil, name => name == "cosigner-a" ? new PolicyBook([other]) : null);
        var wallet = await stack.CreateWalletAsync("treasury-refuse");

        await stack.PublishApprovedAsync(stack.Policy.Approved(SignerPolicy.Request("req-signer-2", "treasury-refuse", Address.Parse(wallet.Address), 1m), "alice", "bob"));
        var signed = await stack.WaitForStateAsync("req-signer-2", TransactionState.Signed);

        Assert.Equal("signed by signer, cosigner-b", signed.SigningNote);
    }

    [Fact]
    public async Task a_forged_approval_is_refused_for_good_and_its_nonce_goes_to_the_next_request()
    {
        await using var stack = await SignerStack.StartAsync(pubSub, firestore, anvil);
        var wallet = await stack.CreateWalletAsync("treasury-forged");
        var address = Address.Parse(wallet.Address);

        await stack.PublishApprovedAsync(stack.Policy.Approved(SignerPolicy.Request("req-forged", "treasury-forged", address, 1m), "alice", "mallory"));
        var failed = await stack.WaitForStateAsync("req-forged", TransactionState.SigningFailed);
        await stack.PublishApprovedAsync(stack.Policy.Approved(SignerPolicy.Request("req-after-forged", "treasury-forged", address, 1m), "alice", "bob"));
        var signed = await stack.WaitForStateAsync("req-after-forged", TransactionState.Signed);

        Assert.Contains("refuses to sign", failed.SigningNote, StringComparison.Ordinal);
        Assert.Null(failed.TransactionHash);
        Assert.Equal(0L, signed.Nonce);
        Assert.Empty(await new WalletNonces(stack.Database).ReleasedAsync("treasury-forged", SignerPolicy.ChainId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ten_concurrent_requests_for_one_wallet_get_ten_distinct_gap_free_nonces()
    {
        await using var stack = await SignerStack.StartAsync(pubSub, firestore, anvil);
        var wallet = await stack.CreateWalletAsync("treasury-burst");
        var requests = Enumerable.Range(0, 10).Select(i => stack.Policy.Approved(SignerPolicy.Request($"req-burst-{i}", "treasury-burst", Address.Parse(wallet.Address), 0.01m), "alice", "bob")).ToList();

        await Task.WhenAll(requests.Select(stack.PublishApprovedAsync));
        var signed = await Task.WhenAll(requests.Select(r => stack.WaitForStateAsync(r.RequestId, TransactionState.Signed)));

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), signed.Select(s => s.Nonce!.Value).Order());
        Assert.All(signed, s => Assert.Equal(Address.Parse(wallet.Address), SignedTransaction.Decode(Hex.Decode(s.RawTransaction!)).RecoverSender()));
    }
}
