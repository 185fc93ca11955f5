using System.Security.Cryptography;
using Custody.Mpc.Protocol;
using Custody.Parties.Channel;
using Custody.Parties.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using static Custody.Parties.Tests.CoordinatorHost;

namespace Custody.Parties.Tests;

/// <summary>The handshake: both ends prove their pinned identity keys; the co-signer pins the coordinator's TLS certificate.</summary>
public sealed class when_a_party_joins_the_coordinator
{
    [Fact]
    public async Task a_pinned_co_signer_joins_and_is_listed_as_connected()
    {
        await using var host = await StartAsync();
        await host.ConnectAsync(CosignerA);
        Assert.Contains(CosignerA, host.Hub.Connected);
    }

    [Fact]
    public async Task a_party_the_coordinator_has_not_pinned_is_refused()
    {
        await using var host = await StartAsync();
        using var stranger = PartyKeys.Generate(PartyId.Create(4));
        var directory = new PartyDirectory(stranger, [host.Keys[Signer].Pinned()]);
        var error = await Assert.ThrowsAsync<PartyChannelException>(() => Join(host, directory, host.CertificatePin));
        Assert.Contains("not pinned", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_party_claiming_a_pinned_id_without_its_key_is_refused()
    {
        await using var host = await StartAsync();
        using var impostor = PartyKeys.Generate(CosignerA);
        var directory = new PartyDirectory(impostor, [host.Keys[Signer].Pinned(), host.Keys[CosignerB].Pinned()]);
        var error = await Assert.ThrowsAsync<PartyChannelException>(() => Join(host, directory, host.CertificatePin));
        Assert.Contains("did not prove", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(CosignerA, host.Hub.Connected);
    }

    [Fact]
    public async Task an_endpoint_without_the_coordinators_pinned_key_is_refused_by_the_co_signer()
    {
        await using var host = await StartAsync();
        using var otherCoordinator = PartyKeys.Generate(Signer);
        var directory = new PartyDirectory(host.Keys[CosignerA], [otherCoordinator.Pinned(), host.Keys[CosignerB].Pinned()]);
        var error = await Assert.ThrowsAsync<PartyChannelException>(() => Join(host, directory, host.CertificatePin));
        Assert.Contains("did not prove it is coordinator", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_tls_certificate_other_than_the_pinned_one_is_refused()
    {
        await using var host = await StartAsync();
        var error = await Assert.ThrowsAsync<PartyChannelException>(() => Join(host, Directory(host.Keys, CosignerA), SHA256.HashData([1, 2, 3])));
        Assert.Contains("could not be joined", error.Message, StringComparison.Ordinal);
    }

    private static async Task Join(CoordinatorHost host, PartyDirectory directory, byte[] pin)
    {
        await using var link = await PartyLink.ConnectAsync(host.Address, Signer, directory, pin, NullLogger.Instance, CancellationToken.None);
    }
}
