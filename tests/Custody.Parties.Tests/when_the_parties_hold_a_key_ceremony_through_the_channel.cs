using System.Security.Cryptography;
using Custody.Domain.Policies;
using Custody.Domain.Signing;
using Custody.Ethereum;
using Custody.Keys.DevFile;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Signing.Sessions;
using Custody.Signing.Shares;
using static Custody.Parties.Tests.CoordinatorHost;

namespace Custody.Parties.Tests;

/// <summary>
/// The key ceremony as the services will run it: the signer and two co-signers, connected through the party
/// channel, each run their side of the DKG with their own identity keys and seal their own share and wallet record
/// into their own store; then two of them sign with the unsealed shares.
/// </summary>
public sealed class when_the_parties_hold_a_key_ceremony_through_the_channel : IDisposable
{
    private static readonly Dictionary<string, int> Names = new() { ["signer"] = 1, ["cosigner-a"] = 2, ["cosigner-b"] = 3 };

    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("custody-ceremony-").FullName;

    [Fact]
    public async Task every_party_seals_its_own_share_and_record_and_the_shares_sign()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await StartAsync();
        var parties = new[] { Sessions.Of(host.Hub), Sessions.Of(await host.ConnectAsync(CosignerA)), Sessions.Of(await host.ConnectAsync(CosignerB)) };
        var stores = Names.ToDictionary(n => PartyId.Create(n.Value), n => Store(n.Key));
        var invitation = new KeygenInvitation("treasury-1", 2, Names, [31337], Hex.Encode(RandomNumberGenerator.GetBytes(32)));

        var results = await Task.WhenAll(parties.Select(party =>
        {
            var name = Names.Single(n => n.Value == party.Id.Value).Key;
            var sessions = new PartySessions(name, stores[party.Id], new InMemorySessionLedger(), new CeremonyOnlySigningLog(), TimeProvider.System);
            return Task.Run(async () =>
            {
                using var transport = party.Open(Hex.Decode(invitation.SessionId), All);
                return await sessions.RunCeremonyAsync(invitation, party.Directory.IdentitiesFor(All), transport, ct);
            }, ct);
        }));
        Assert.All(results, r => Assert.Equal(results[0], r));

        var shares = new Dictionary<PartyId, KeyShare>();
        try
        {
            foreach (var (party, store) in stores)
            {
                var record = await store.FindWalletAsync("treasury-1", ct);
                Assert.Equal(results[0].Address, record!.Address);
                shares[party] = await store.UnsealShareAsync("treasury-1", ct);
            }

            var hash = RandomNumberGenerator.GetBytes(32);
            var run = await Sessions.SignAsync([parties[0], parties[2]], shares, hash);
            Assert.All(run.Values, o => Assert.Null(o.Error));
            Assert.Equal(results[0].PublicKey, Convert.ToHexStringLower(shares[Signer].PublicKey.Encode()));
        }
        finally
        {
            foreach (var share in shares.Values)
            {
                share.Dispose();
            }
        }
    }

    public void Dispose() => System.IO.Directory.Delete(_root, recursive: true);

    private FolderShareStore Store(string party)
    {
        var folder = Path.Combine(_root, party);
        var provider = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = Path.Combine(folder, "party.kek") }, "Test");
        return new FolderShareStore(Path.Combine(folder, "shares"), party, provider);
    }

    /// <summary>The ceremony never consults the signing log: any use of it fails the test.</summary>
    private sealed class CeremonyOnlySigningLog : ISigningLog
    {
        public Task<SigningRefusal?> RecordAsync(SigningAttempt attempt, FeeCap cap, DateTimeOffset now, CancellationToken ct) => throw new InvalidOperationException("the ceremony used the signing log");

        public Task<bool> MarkContributedAsync(string walletId, ulong chainId, ulong nonce, Bytes32 signingHash, DateTimeOffset now, CancellationToken ct) => throw new InvalidOperationException("the ceremony used the signing log");

        public Task<SigningLogEntry?> GetAsync(string walletId, ulong chainId, ulong nonce, CancellationToken ct) => throw new InvalidOperationException("the ceremony used the signing log");
    }
}
