using Custody.Chain.Dev;
using Custody.Cli;
using Custody.Domain.Lifecycle;
using Custody.Ethereum;
using Custody.System.Tests.Support;
using Custody.Testing;

namespace Custody.System.Tests;

/// <summary>
/// Crash tests: a service SIGKILLed at a point observed in its durable state (Firestore, anvil's pool), never after a
/// sleep, then started again with the same settings and state. Each test leaves the stack healthy.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class when_a_service_is_killed(SystemStack system)
{
    [Fact]
    public Task the_signer_killed_after_reserving_a_nonce_leaves_one_transaction_and_no_gap() => system.RunAsync(async ct =>
    {
        var stack = system.Stack;
        var nonce = await system.MinedCountAsync(ct);

        // With both co-signers down the signer reserves the nonce and records the transaction (Signing), then cannot
        // sign: the request stays there, the kill point, until the signer is killed.
        foreach (var cosigner in stack.Cosigners)
        {
            await cosigner.KillAsync();
        }

        var requestId = await system.SubmitAsync("1000000000000000", ct);
        var signing = await system.WaitForAsync(requestId, r => r is { State: TransactionState.Signing, Nonce: not null }, "to have a nonce reserved", ct);
        Assert.Equal((long)nonce, signing.Nonce);
        await stack.Signer.KillAsync();

        await stack.Signer.StartAgainAsync(ct);
        foreach (var cosigner in stack.Cosigners)
        {
            await cosigner.StartAgainAsync(ct);
        }

        await stack.WaitForCosignersAsync(ct);
        await system.AssertConfirmedOnceAsync(requestId, nonce, ct);

        // No gap: the next request takes the next nonce.
        var next = await system.SubmitAsync("1000000000000000", ct);
        await system.AssertConfirmedOnceAsync(next, nonce + 1, ct);
    });

    [Fact]
    public Task the_broadcaster_killed_between_send_and_receipt_confirms_exactly_once() => system.RunAsync(async ct =>
    {
        var stack = system.Stack;
        var nonce = await system.MinedCountAsync(ct);
        await stack.Chain.SetIntervalMiningAsync(0, ct); // hold the next block: the transaction waits in the pool
        try
        {
            var requestId = await system.SubmitAsync("1000000000000000", ct);
            var signed = await system.WaitForAsync(requestId, r => r.TransactionHash is not null, "to be signed", ct);
            var hash = Bytes32.Parse(signed.TransactionHash!);
            await Eventually.UntilAsync(async () => await stack.Chain.GetTransactionByHashAsync(hash, ct) is not null, SystemStack.Deadline, "the transaction in anvil's pool", ct);
            Assert.Null(await stack.Chain.GetTransactionReceiptAsync(hash, ct));
            await stack.Broadcaster!.KillAsync();

            await stack.Chain.SetIntervalMiningAsync(ProcessStack.BlockSeconds, ct);
            await stack.Broadcaster.StartAgainAsync(ct);
            await system.AssertConfirmedOnceAsync(requestId, nonce, ct);
        }
        finally
        {
            await stack.Chain.SetIntervalMiningAsync(ProcessStack.BlockSeconds, CancellationToken.None);
        }
    });

    [Fact]
    public Task the_policy_service_killed_mid_approval_loses_no_vote() => system.RunAsync(async ct =>
    {
        var stack = system.Stack;
        var nonce = await system.MinedCountAsync(ct);
        var requestId = await system.SubmitAsync("20000000000000000", ct); // 0.02 ETH: 2 of the 3 treasury approvers
        await system.WaitForStateAsync(requestId, TransactionState.PendingApproval, ct);

        var alice = await system.ApproveAsync(requestId, "alice", ct);
        Assert.True(alice.ExitCode == 0, alice.Output);
        await system.WaitForAsync(requestId, r => r.Approvals.Count == 1, "to hold alice's vote", ct);
        await stack.Policy!.KillAsync();
        await stack.Policy.StartAgainAsync(ct);

        var bob = await system.ApproveAsync(requestId, "bob", ct);
        Assert.True(bob.ExitCode == 0, bob.Output);
        var approved = await system.WaitForAsync(requestId, r => r.State is TransactionState.Approved or TransactionState.Signing or TransactionState.Signed or TransactionState.Broadcast or TransactionState.Confirmed, "to be approved", ct);
        Assert.Equal(["alice", "bob"], approved.Approvals.Select(a => a.ApproverId).Order(StringComparer.Ordinal));
        await system.AssertConfirmedOnceAsync(requestId, nonce, ct);
    });
}
