using Custody.Contracts;
using Custody.Contracts.Admin;
using Custody.Parties.Channel;
using Custody.ServiceDefaults.Authentication;
using Custody.Signer.Coordination;
using Custody.Signing.Coordination;
using Custody.State;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Custody.Signer.Admin;

/// <summary>
/// The signer's admin API, version 1 (docs/signing.md "Key ceremony"); every endpoint needs a bearer token with the
/// custody-operator role. `custody keygen` calls it.
/// </summary>
public static class SignerAdminApi
{
    public static IEndpointRouteBuilder MapSignerAdminApiV1(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var v1 = app.MapGroup("/v1").WithTags("Admin").RequireAuthorization(ServiceRoles.Operator);
        v1.MapGet("/parties", Parties).WithName("GetParties").WithSummary("The roster and the co-signers connected now.");
        v1.MapPost("/wallets", KeygenAsync).WithName("RunKeyCeremony").WithSummary("Runs the key ceremony of a new wallet with the connected parties and registers it.");
        return app;
    }

    private static Ok<PartiesStatus> Parties(SignerIdentity identity, PartyHub hub) =>
        TypedResults.Ok(new PartiesStatus(
            identity.Party, [.. identity.Roster.Parties.Keys.Order(StringComparer.Ordinal)],
            [.. hub.Connected.Select(identity.Roster.NameOf).Order(StringComparer.Ordinal)]));

    private static async Task<Results<Created<KeygenResponse>, ValidationProblem, ProblemHttpResult>> KeygenAsync(
        KeygenRequest request, SignerIdentity identity, KeyCeremonyCoordinator ceremony, WalletRegistry wallets, CancellationToken ct)
    {
        var errors = Validate(request, identity);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var parties = request.Parties.ToDictionary(p => p, p => (int)identity.Roster.IdOf(p).Value, StringComparer.Ordinal);
        try
        {
            var result = await ceremony.RunAsync(request.WalletId, request.Threshold, parties, request.ChainIds, ct).ConfigureAwait(false);
            await wallets.RegisterAsync(new WalletRecord(result.WalletId, result.Address, request.ChainIds), ct).ConfigureAwait(false);
            return TypedResults.Created($"/v1/wallets/{result.WalletId}", new KeygenResponse(
                result.WalletId, result.Address, result.PublicKey, result.KeyId, request.Threshold, [.. request.Parties.Order(StringComparer.Ordinal)], request.ChainIds));
        }
        catch (CeremonyFailedException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "The key ceremony did not produce a wallet");
        }
    }

    private static Dictionary<string, string[]> Validate(KeygenRequest request, SignerIdentity identity)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!WireFormat.IsId(request.WalletId))
        {
            errors["walletId"] = ["must be 1-128 characters of [A-Za-z0-9._:-]"];
        }

        var unknown = request.Parties.Where(p => !identity.Roster.Parties.ContainsKey(p)).ToList();
        if (unknown.Count > 0)
        {
            errors["parties"] = [$"not in the roster: {string.Join(", ", unknown)}"];
        }
        else if (!request.Parties.Contains(identity.Party) || request.Parties.Distinct(StringComparer.Ordinal).Count() != request.Parties.Count)
        {
            errors["parties"] = [$"distinct party names, {identity.Party} among them"];
        }

        if (request.Threshold < 2 || request.Threshold > request.Parties.Count)
        {
            errors["threshold"] = ["at least 2 and at most the number of parties"];
        }

        if (request.ChainIds.Count == 0 || request.ChainIds.Contains(0UL))
        {
            errors["chainIds"] = ["at least one chain id, none 0"];
        }

        return errors;
    }
}
