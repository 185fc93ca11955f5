using System.Security.Cryptography;
using Custody.Ethereum;
using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Reshare;
using Custody.Signing.Shares;

namespace Custody.Signing.Tests;

/// <summary>
/// One 2-of-3 wallet key (signer, cosigner-a, cosigner-b) and two resharings of it, run once per test class: "replace"
/// (cosigner-b by cosigner-c, still 2-of-3, run twice) and "grow" (2-of-3 to 3-of-5, adding cosigner-c and cosigner-d);
/// plus the shares of another key for the negative tests. The shares are only read (serialised into stores, never signed with).
/// </summary>
public sealed class ResharedKeys : IAsyncLifetime
{
    public const string Wallet = "treasury-1";

    private static readonly string[] Names = ["signer", "cosigner-a", "cosigner-b", "cosigner-c", "cosigner-d"];

    public IReadOnlyDictionary<PartyId, KeyShare> Old { get; private set; } = null!;

    public IReadOnlyDictionary<PartyId, KeyShare> OtherKey { get; private set; } = null!;

    public Resharing Replace { get; private set; } = null!;

    public Resharing Grow { get; private set; } = null!;

    /// <summary>A second run of the "replace" plan: the same records, another sharing at the same epoch.</summary>
    public Resharing ReplaceRerun { get; private set; } = null!;

    public Point PublicKey => Old.Values.First().PublicKey;

    public static string NameOf(PartyId party) => Names[party.Value - 1];

    public Resharing Scenario(string name) => name switch
    {
        "replace" => Replace,
        "grow" => Grow,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such resharing"),
    };

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Old = await InMemoryParties.DkgAsync(2, 3, ct);
        OtherKey = await InMemoryParties.DkgAsync(2, 3, ct);
        var view = Old.Values.First().PublicView();
        Replace = new Resharing(Old, await InMemoryParties.ReshareAsync(new ResharePlan(view, Old.Keys, Ids(1, 2, 4), 2), Old, ct), 2);
        ReplaceRerun = new Resharing(Old, await InMemoryParties.ReshareAsync(new ResharePlan(view, Old.Keys, Ids(1, 2, 4), 2), Old, ct), 2);
        Grow = new Resharing(Old, await InMemoryParties.ReshareAsync(new ResharePlan(view, Old.Keys, Ids(1, 2, 3, 4, 5), 3), Old, ct), 3);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var share in Old.Values.Concat(OtherKey.Values).Concat(Replace.New.Values).Concat(ReplaceRerun.New.Values).Concat(Grow.New.Values))
        {
            share.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>This party's wallet record for <paramref name="share"/> (its party set and threshold, every party named).</summary>
    public static PartyWalletRecord RecordOf(KeyShare share, string wallet = Wallet)
    {
        var publicKey = share.PublicKey.Encode();
        return new PartyWalletRecord(
            wallet, NameOf(share.Self), Convert.ToHexStringLower(share.KeyId), Convert.ToHexStringLower(publicKey),
            Address.FromPublicKey(publicKey).ToString(), share.Threshold,
            share.Parties.ToDictionary(NameOf, p => (int)p.Value), [1UL]);
    }

    /// <summary>Signs a random hash with <paramref name="shares"/> and checks the signature under <paramref name="publicKey"/> with .NET's ECDSA.</summary>
    public static async Task AssertSignsAsync(IReadOnlyDictionary<PartyId, KeyShare> shares, Point publicKey, CancellationToken ct)
    {
        var hash = RandomNumberGenerator.GetBytes(32);
        var signature = await InMemoryParties.SignAsync(shares, hash, ct);
        Assert.True(Secp256k1Signatures.VerifiesUnder(publicKey, hash, signature.ToCompact()));
    }

    private static PartyId[] Ids(params int[] ids) => ids.Select(PartyId.Create).ToArray();

    /// <summary>One resharing of the old key: the new shares and who stays, joins and leaves.</summary>
    public sealed class Resharing(IReadOnlyDictionary<PartyId, KeyShare> old, IReadOnlyDictionary<PartyId, KeyShare> @new, int threshold)
    {
        public IReadOnlyDictionary<PartyId, KeyShare> New { get; } = @new;

        public int Threshold { get; } = threshold;

        public uint Epoch => New.Values.First().Epoch;

        public IReadOnlyList<PartyId> Staying { get; } = @new.Keys.Where(old.ContainsKey).Order().ToArray();

        public IReadOnlyList<PartyId> Joining { get; } = @new.Keys.Where(p => !old.ContainsKey(p)).Order().ToArray();

        public IReadOnlyList<PartyId> Leaving { get; } = old.Keys.Where(p => !@new.ContainsKey(p)).Order().ToArray();

        /// <summary>What the new set confirms: the wallet's record after the resharing, at the new epoch.</summary>
        public ReshareStatement Statement => ReshareStatement.Of(RecordOf(New.Values.First()), New.Values.First());
    }
}
