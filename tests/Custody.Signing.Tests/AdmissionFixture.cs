using System.Security.Cryptography;
using System.Text.Json;
using Custody.Attestation.Dev;
using Custody.Attestation.Verification;
using Custody.Contracts;
using Custody.Contracts.Approvals;
using Custody.Contracts.Events;
using Custody.Domain.Approvals;
using Custody.Domain.Intents;
using Custody.Domain.Policies;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;
using Custody.Keys.DevFile;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Signing.Admission;
using Custody.Signing.Shares;

namespace Custody.Signing.Tests;

/// <summary>
/// One co-signer ("cosigner-a", MPC party 2 of a 2-of-3 wallet on chain 31337) with its own share store, policy,
/// approver registry (alice, bob) and a verifier trusting a dev attestation issuer; builds invitations as an honest
/// signer would, which each test then alters.
/// </summary>
public sealed class AdmissionFixture : IAsyncLifetime
{
    public const string Party = "cosigner-a";
    public const string WalletId = "treasury-1";
    public const ulong ChainId = 31337;
    public static readonly string ImageDigest = "sha256:" + new string('b', 64);
    public static readonly Address Payee = Address.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");

    public const string PolicyText = """
        {
          "version": 1,
          "name": "admission-tests",
          "addressBooks": { "payees": ["0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"] },
          "approverGroups": { "treasury": ["alice", "bob"] },
          "feeCaps": { "31337": { "maxFeePerGas": "100000000000", "maxTotalFee": "10000000000000000" } },
          "rules": [
            { "id": "small", "when": { "assets": ["native"], "destination": { "type": "addressBook", "name": "payees" },
                                       "amount": { "max": "10000000000000000" } },
              "action": { "type": "ALLOW" } },
            { "id": "treasury", "when": { "assets": ["native"], "destination": { "type": "addressBook", "name": "payees" },
                                          "amount": { "max": "5000000000000000000" } },
              "action": { "type": "REQUIRE_APPROVAL", "groups": [{ "group": "treasury", "quorum": 2 }], "expirySeconds": 3600 } },
            { "id": "everything-else", "action": { "type": "BLOCK" } }
          ]
        }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("custody-admission-").FullName;
    private readonly HttpClient _http = new();
    private DevFileKeyEncryptionProvider _provider = null!;
    private OidcSigningKeySource _keys = null!;

    public Dictionary<string, ECDsa> Approvers { get; } = new[] { "alice", "bob", "mallory" }
        .ToDictionary(id => id, _ => ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public Policy Policy { get; } = PolicyParser.Parse(PolicyText);

    public ApproverRegistry Registry { get; private set; } = null!;

    public DevAttestationIssuer Issuer { get; private set; } = null!;

    public AttestationVerifier Verifier { get; private set; } = null!;

    public FolderShareStore Shares { get; private set; } = null!;

    public Address WalletAddress { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Registry = new ApproverRegistry(Approvers.Where(a => a.Key != "mallory").Select(a => ApproverKey.Create(a.Key, a.Value.ExportSubjectPublicKeyInfo())));
        Issuer = await DevAttestationIssuer.StartAsync(new DevAttestationIssuerOptions { EnvironmentName = "Test", Profile = new DevTokenProfile { ImageDigest = ImageDigest } }, ct);
        _keys = new OidcSigningKeySource(_http, Issuer.Issuer, "Test");
        Verifier = new AttestationVerifier(new AttestationVerifierOptions
        {
            EnvironmentName = "Test",
            Issuer = Issuer.Issuer,
            Audience = Party,
            AllowedImageDigests = [ImageDigest],
        }, _keys);

        _provider = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = Path.Combine(_root, "party.kek") }, "Test");
        Shares = new FolderShareStore(Path.Combine(_root, "shares"), Party, _provider);
        var shares = await InMemoryParties.DkgAsync(2, 3, ct);
        try
        {
            var share = shares[PartyId.Create(2)];
            var publicKey = share.PublicKey.Encode();
            WalletAddress = Address.FromPublicKey(publicKey);
            await Shares.CreateAsync(share, new PartyWalletRecord(
                WalletId, Party, Convert.ToHexStringLower(share.KeyId), Convert.ToHexStringLower(publicKey), WalletAddress.ToString(),
                2, new Dictionary<string, int> { ["signer"] = 1, [Party] = 2, ["cosigner-b"] = 3 }, [ChainId]), ct);
        }
        finally
        {
            foreach (var share in shares.Values)
            {
                share.Dispose();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _keys.Dispose();
        _http.Dispose();
        await Issuer.DisposeAsync();
        _provider.Dispose();
        foreach (var key in Approvers.Values)
        {
            key.Dispose();
        }

        Directory.Delete(_root, recursive: true);
    }

    public TransactionRequested Request(string requestId, decimal ether, Address? to = null, Address? wallet = null) =>
        new(requestId, WalletId, (wallet ?? WalletAddress).ToChecksumString(), ChainId, (to ?? Payee).ToChecksumString(),
            new System.Numerics.BigInteger(ether * 1_000_000_000_000_000_000m).ToString(), "0x", "payments", DateTimeOffset.UtcNow.AddMinutes(-1));

    /// <summary>A transaction-approved event for <paramref name="request"/> with the votes of <paramref name="approvers"/>.</summary>
    public TransactionApproved Approved(TransactionRequested request, string ruleId, params string[] approvers) =>
        ApprovedUnder(Policy, request, ruleId, approvers);

    /// <summary>As <see cref="Approved"/>, decided and voted under <paramref name="policy"/>.</summary>
    public TransactionApproved ApprovedUnder(Policy policy, TransactionRequested request, string ruleId, params string[] approvers)
    {
        var intent = TransactionIntent.Create(request);
        var decidedAt = WholeSecondsAgo(60);
        var votes = approvers.Select(a => ApprovalSigner.Sign(Approvers[a], a, request.RequestId, intent.Hash, policy.Id, ApprovalDecision.Approve, decidedAt.AddMinutes(30))).ToArray();
        return new TransactionApproved(request.RequestId, request, intent.Hash.ToString(), new ApprovalEvidence(policy.Id.ToString(), ruleId, votes, decidedAt), decidedAt);
    }

    /// <summary>Now minus <paramref name="seconds"/>, in whole seconds (approval expiries are whole seconds: docs/approvals.md).</summary>
    public static DateTimeOffset WholeSecondsAgo(long seconds) => DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds);

    /// <summary>The transaction an honest signer builds for <paramref name="request"/>.</summary>
    public static DynamicFeeTransaction Transaction(TransactionRequested request, ulong nonce = 0, ulong maxFeeGwei = 2) => new()
    {
        ChainId = request.ChainId,
        Nonce = nonce,
        MaxPriorityFeePerGas = UInt256.Create(1_000_000_000),
        MaxFeePerGas = UInt256.Create(maxFeeGwei * 1_000_000_000),
        GasLimit = 21_000,
        To = Address.Parse(request.To),
        Value = UInt256.Parse(request.Value),
        Data = Hex.Decode(request.Data),
    };

    /// <summary>An invitation as an honest signer sends it, with a token bound to <paramref name="challenge"/>.</summary>
    public SigningInvitation Invitation(TransactionApproved approved, DynamicFeeTransaction transaction, byte[] challenge, byte[]? label = null, Func<string, string>? token = null)
    {
        label ??= RandomNumberGenerator.GetBytes(32);
        var intent = TransactionIntent.Create(approved.Request);
        var nonce = AttestationBinding.Nonce(label, intent.Hash, transaction.SigningHash(), challenge);
        return new SigningInvitation(
            Hex.Encode(label), WalletId, [1, 2],
            JsonSerializer.Serialize(approved, ContractsJsonContext.Default.TransactionApproved),
            UnsignedTransaction.Of(transaction),
            token is null ? Issuer.IssueToken(Party, [nonce]) : token(nonce));
    }
}
