using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Custody.Parties.Channel;

/// <summary>Hosting the coordinator endpoint in an ASP.NET Core app (the signer): gRPC plus the hub.</summary>
public static class PartyChannelEndpoints
{
    public static IServiceCollection AddPartyHub(this IServiceCollection services)
    {
        services.AddGrpc();
        services.AddSingleton<PartyHub>();
        return services;
    }

    public static IEndpointRouteBuilder MapPartyChannel(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<PartyChannelService>();
        return endpoints;
    }
}
