using Custody.Contracts;
using Custody.Contracts.Api;
using Custody.Contracts.Events;
using Custody.Intake.Requests;
using Custody.ServiceDefaults.Authentication;
using Custody.State;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Custody.Intake.Apis;

/// <summary>
/// The request API (docs/intake.md, "HTTP API"): <c>POST /v1/transactions</c> (role upstream-app) takes the
/// transaction-requested contract; <c>GET /v1/transactions/{requestId}</c> returns the read model to the app that
/// submitted it or to an approver. Every error is RFC 9457 Problem Details.
/// </summary>
public static class TransactionsApi
{
    /// <summary>Problem type of a request intake rejected; the <c>reasons</c> extension lists every reason.</summary>
    public const string RejectedProblemType = "https://custody.dev/problems/request-rejected";

    public const string ConflictProblemType = "https://custody.dev/problems/duplicate-request-id";

    public const string ReadersPolicy = "transaction-readers";

    public static IEndpointRouteBuilder MapTransactionsApiV1(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/v1/transactions").WithTags("Transactions");
        api.MapPost("/", SubmitAsync)
            .RequireAuthorization(ServiceRoles.UpstreamApp)
            .Accepts<TransactionRequested>("application/json")
            .WithName("SubmitTransaction")
            .WithSummary("Submit a transaction request (the transaction-requested contract); 202 with its Location when valid.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/{requestId}", GetAsync)
            .RequireAuthorization(ReadersPolicy)
            .WithName("GetTransaction")
            .WithSummary("The current state of a request: decision and rule, approvals so far, and later the transaction hash and receipt.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<Results<Accepted<TransactionStatus>, ProblemHttpResult>> SubmitAsync(
        HttpContext context, IntakeProcessor processor, IOptions<IntakeOptions> options, CancellationToken ct)
    {
        var (request, failure, detail) = await BoundedJsonBody.ReadAsync(context.Request, options.Value.MaxBodyBytes, ContractsJsonContext.Default.TransactionRequested, ct);
        if (failure != BoundedJsonBody.Failure.None)
        {
            IntakeTelemetry.Count("malformed", "http");
            return failure == BoundedJsonBody.Failure.TooLarge
                ? TypedResults.Problem(detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.")
                : TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request body is not a transaction request.");
        }

        var addressable = IntakeTopology.AddressableErrors(request!.RequestId);
        if (addressable.Count > 0)
        {
            IntakeTelemetry.Count("malformed", "http");
            return TypedResults.Problem(string.Join("; ", addressable), statusCode: StatusCodes.Status400BadRequest, title: "The request id is not usable.");
        }

        var outcome = await processor.SubmitAsync(request, context.User.GetOwner(), ct);
        var location = $"/v1/transactions/{Uri.EscapeDataString(request.RequestId)}";
        return outcome.Kind switch
        {
            IntakeOutcomeKind.Accepted => TypedResults.Accepted(location, outcome.Record.ToStatus()),
            IntakeOutcomeKind.Rejected => TypedResults.Problem(
                "The request is invalid; every reason is listed.",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The request was rejected.",
                type: RejectedProblemType,
                extensions: new Dictionary<string, object?>
                {
                    ["requestId"] = request.RequestId,
                    ["reasons"] = outcome.Record.Reasons.Select(r => new Dictionary<string, string> { ["path"] = r.Path, ["code"] = r.Code, ["message"] = r.Message }).ToArray(),
                }),
            _ => TypedResults.Problem(
                "This request id was already used for a different request (another body or another caller).",
                statusCode: StatusCodes.Status409Conflict,
                title: "Duplicate request id.",
                type: ConflictProblemType),
        };
    }

    internal static async Task<Results<Ok<TransactionStatus>, ProblemHttpResult>> GetAsync(
        string requestId, HttpContext context, TransactionStore store, CancellationToken ct)
    {
        var snapshot = IntakeTopology.AddressableErrors(requestId).Count == 0 ? await store.GetAsync(requestId, ct) : null;
        // An upstream app sees only its own requests; another app's request is "not found", so ids do not leak.
        var visible = snapshot is not null &&
            (context.User.IsInRole(ServiceRoles.Approver) || snapshot.Value.Owner == context.User.GetOwner());
        return visible
            ? TypedResults.Ok(snapshot!.Value.ToStatus())
            : TypedResults.Problem("No such request is visible to this caller.", statusCode: StatusCodes.Status404NotFound, title: "Not found.");
    }
}
