using System.Net;
using System.Net.Http.Json;
using Custody.Cli.Approvals;
using Custody.Cli.Demo.Stack;
using Custody.Contracts;
using Custody.Contracts.Admin;
using Custody.Contracts.Api;
using Custody.Contracts.Approvals;
using Custody.Contracts.Events;
using Custody.Domain.Approvals;

namespace Custody.Cli.Demo;

/// <summary>
/// The reference scenario through the services' APIs only (docs/demo.md): the key ceremony on the signer's admin API,
/// requests POSTed to intake as Company Primus's payments app, votes through `custody approve`'s own code path against
/// the policy service, outcomes read back from intake.
/// </summary>
internal sealed class DemoScenario(StackAccess stack, RequestTimeline timeline, HttpClient intake)
{
    public const int Threshold = 2;
    public static readonly IReadOnlyList<string> Parties = ["signer", "cosigner-a", "cosigner-b"];
    public static readonly IReadOnlyList<string> Approvers = ["alice", "bob"];
    private static readonly TimeSpan PartiesDeadline = TimeSpan.FromMinutes(2);

    /// <summary>What each request of the run ended as, for the summary, with its trace id.</summary>
    public List<(string Label, TransactionStatus Status, string TraceId)> Outcomes { get; } = [];

    /// <summary>Waits until both co-signers are connected to the signer, then runs the 2-of-3 ceremony (POST /v1/wallets).</summary>
    public async Task<KeygenResponse> CreateWalletAsync(ulong chainId, CancellationToken ct)
    {
        using var signer = stack.Client(stack.Signer, "custody-operator", StackAccess.Operator);
        await WaitForCosignersAsync(signer, ct).ConfigureAwait(false);
        var request = new KeygenRequest(DemoRequests.WalletId, Threshold, Parties, [chainId]);
        Narration.Line($"POST {stack.Signer}v1/wallets: {request.WalletId}, {Threshold} of {string.Join(", ", Parties)} on chain {chainId}");
        using var response = await signer.PostAsJsonAsync(new Uri("v1/wallets", UriKind.Relative), request, AdminJsonContext.Default.KeygenRequest, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new DemoException($"the key ceremony failed: the signer answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}");
        }

        var wallet = await response.Content.ReadFromJsonAsync(AdminJsonContext.Default.KeygenResponse, ct).ConfigureAwait(false)
            ?? throw new DemoException("the signer answered the key ceremony with null.");
        Narration.Line($"wallet {wallet.WalletId}: address {wallet.Address}, key {wallet.KeyId}, public key {wallet.PublicKey}");
        Narration.Line($"each of {string.Join(", ", wallet.Parties)} sealed its own share; the full private key never existed");
        return wallet;
    }

    /// <summary>POSTs the request to intake (202 expected) and starts its timeline.</summary>
    public async Task<string> SubmitAsync(string label, TransactionRequested request, string display, CancellationToken ct)
    {
        Narration.Line($"{label}: {display}");
        Narration.Line($"POST {stack.Intake}v1/transactions {request.RequestId} as {StackAccess.UpstreamApp}");
        using var response = await intake.PostAsJsonAsync(new Uri("v1/transactions", UriKind.Relative), request, ContractsJsonContext.Default.TransactionRequested, ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new DemoException($"intake answered {(int)response.StatusCode} to {request.RequestId}: {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}");
        }

        timeline.Started(await response.Content.ReadFromJsonAsync(ApprovalsJsonContext.Default.TransactionStatus, ct).ConfigureAwait(false)
            ?? throw new DemoException("intake answered null."));
        return request.RequestId;
    }

    /// <summary>Waits for <paramref name="wanted"/> and records the outcome.</summary>
    public async Task<TransactionStatus> ExpectAsync(string label, string requestId, string wanted, CancellationToken ct)
    {
        var status = await timeline.WaitForAsync(requestId, wanted, ct).ConfigureAwait(false);
        Outcomes.Add((label, status, timeline.TraceOf(requestId)));
        return status;
    }

    /// <summary>Alice and Bob each review and sign an APPROVE vote, exactly as `custody approve --yes` does.</summary>
    public async Task ApproveAsync(string requestId, CancellationToken ct)
    {
        await timeline.WaitForAsync(requestId, "PendingApproval", ct).ConfigureAwait(false);
        foreach (var approver in Approvers)
        {
            Console.Out.WriteLine();
            Narration.Line($"custody approve {requestId} --key {stack.ApproverKey(approver).Name} --server {stack.Policy} --yes   (as {approver})");
            var exit = await VoteFlow.RunAsync(
                new VoteFlow.Options(requestId, ApprovalDecision.Approve, stack.ApproverKey(approver), approver, stack.Policy, null, Yes: true, Token: stack.Token("approver", approver)),
                ct).ConfigureAwait(false);
            if (exit != Approvals.ExitCodes.Recorded)
            {
                throw new DemoException($"{approver}'s vote on {requestId} was not recorded (custody approve exit {exit}; its reason is above).");
            }
        }

        Console.Out.WriteLine();
    }

    private static async Task WaitForCosignersAsync(HttpClient signer, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(PartiesDeadline);
        try
        {
            while (true)
            {
                var parties = await signer.GetFromJsonAsync(new Uri("v1/parties", UriKind.Relative), AdminJsonContext.Default.PartiesStatus, deadline.Token).ConfigureAwait(false);
                if (parties is not null && Parties.Skip(1).All(parties.Connected.Contains))
                {
                    Narration.Line($"GET v1/parties: roster {string.Join(", ", parties.Roster)}; connected {string.Join(", ", parties.Connected)}");
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token).ConfigureAwait(false); // polling the signer's view
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new DemoException($"the co-signers did not connect to the signer within {PartiesDeadline.TotalMinutes:0} minutes.");
        }
    }
}
