using Custody.Contracts.Approvals;
using Custody.Gcp.Firestore;
using Custody.Policy.Policies;
using Custody.Policy.State;
using Custody.State;
using Custody.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Custody.Policy.Approvals;

/// <summary>The approvals API, version 1 (docs/approvals.md "Approvals API"); every endpoint needs a bearer token with the approver role.</summary>
public static class ApprovalsApi
{
    private const int MaxPending = 200;

    public static IEndpointRouteBuilder MapApprovalsApiV1(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var v1 = app.MapGroup("/v1").WithTags("Approvals").RequireAuthorization(ServiceRoles.Approver);
        v1.MapGet("/approvals/pending", ListPendingAsync)
            .WithName("ListPendingApprovals").WithSummary("Requests awaiting approval, optionally only those a group or an approver can vote on.");
        v1.MapGet("/transactions/{requestId}/review", ReviewAsync)
            .WithName("GetReview").WithSummary("The trusted display of a pending request: decoded intent, rule, votes, intent hash and the digests to sign.");
        v1.MapPost("/transactions/{requestId}/approvals", VoteAsync)
            .WithName("SubmitApproval").WithSummary("Records one approver's signed APPROVE or REJECT vote.");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<PendingApproval>>, ValidationProblem>> ListPendingAsync(
        string? group, string? approver, FirestoreDatabase database, LoadedPolicies policies, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (group is not null && !Contracts.WireFormat.IsId(group))
        {
            errors["group"] = ["must be 1-128 characters of [A-Za-z0-9._:-]"];
        }

        if (approver is not null && !Contracts.WireFormat.IsId(approver))
        {
            errors["approver"] = ["must be 1-128 characters of [A-Za-z0-9._:-]"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var pending = new List<PendingApproval>();
        foreach (var record in await PolicyQueries.PendingAsync(database, MaxPending, ct).ConfigureAwait(false))
        {
            if (await RequestContext.LoadAsync(record, policies, ct).ConfigureAwait(false) is not { } context)
            {
                continue;
            }

            var groups = context.Requirement.Groups;
            var inGroup = group is null || groups.Any(g => g.Group == group);
            var canVote = approver is null || groups.Any(g => g.Members.Contains(approver)) || context.Requirement.Mandatory.Contains(approver);
            if (inGroup && canVote)
            {
                pending.Add(ReviewBuilder.Pending(context));
            }
        }

        return TypedResults.Ok<IReadOnlyList<PendingApproval>>(pending.OrderBy(p => p.WindowClosesAt).ToList());
    }

    private static async Task<Results<Ok<ApprovalReview>, ProblemHttpResult>> ReviewAsync(
        string requestId, TransactionStore store, LoadedPolicies policies, ReviewBuilder reviews, CancellationToken ct)
    {
        if (!Contracts.WireFormat.IsId(requestId))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid request id", "A request id is 1-128 characters of [A-Za-z0-9._:-].");
        }

        var snapshot = await store.GetAsync(requestId, ct).ConfigureAwait(false);
        if (snapshot is null)
        {
            return Problem(StatusCodes.Status404NotFound, "Unknown request", $"No request {requestId} has been decided by the policy service.");
        }

        if (await RequestContext.LoadAsync(snapshot.Value, policies, ct).ConfigureAwait(false) is not { } context)
        {
            return Problem(StatusCodes.Status409Conflict, "No approval required", $"Request {requestId} is {snapshot.Value.State} (decision {snapshot.Value.Decision ?? "none yet"}); it asks for no approvals.");
        }

        return TypedResults.Ok(reviews.Build(context));
    }

    private static async Task<Results<Ok<VoteOutcome>, ValidationProblem, ProblemHttpResult>> VoteAsync(
        string requestId, VoteSubmission submission, VoteRecorder recorder, CancellationToken ct)
    {
        if (!Contracts.WireFormat.IsId(requestId))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid request id", "A request id is 1-128 characters of [A-Za-z0-9._:-].");
        }

        return await recorder.RecordAsync(requestId, submission, ct).ConfigureAwait(false) switch
        {
            VoteRecorder.Recorded recorded => TypedResults.Ok(recorded.Outcome),
            VoteRecorder.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors),
            VoteRecorder.NotFound => Problem(StatusCodes.Status404NotFound, "Unknown request", $"No request {requestId} has been decided by the policy service."),
            VoteRecorder.NotPending notPending => Problem(StatusCodes.Status409Conflict, "Not pending approval", $"Request {requestId} is {notPending.State}; it takes no more votes."),
            VoteRecorder.Refused refused => Refused(refused),
            var other => throw new InvalidOperationException($"Unexpected vote result {other.GetType().Name}."),
        };
    }

    private static ProblemHttpResult Refused(VoteRecorder.Refused refused)
    {
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "Vote refused",
            Detail = string.Join("; ", refused.Failures),
        };
        problem.Extensions["reasons"] = refused.Failures.Select(f => f.Reason.ToString()).ToArray();
        return TypedResults.Problem(problem);
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);
}
