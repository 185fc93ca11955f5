using System.Security.Cryptography;
using System.Text.Json;
using Custody.Cosigner.Tests.Support;
using Custody.Ethereum;
using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Parties.Channel;
using Custody.Signing.Admission;
using Custody.Signing.Coordination;
using Custody.Signing.Sessions;
using Custody.Signing.Shares;
using Custody.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Custody.Cosigner.Tests.Support.CosignerFiles;

namespace Custody.Cosigner.Tests;

/// <summary>
/// The co-signer service dials out to the signer's coordination endpoint (real Kestrel, TLS on loopback) and answers
/// its requests through <see cref="CosignerRequestHandler"/> (docs/signing.md "The co-signer service").
/// </summary>
public sealed class when_the_cosigner_links_to_the_signer(FirestoreEmulator firestore) : IAsyncLifetime
{
    private CosignerFiles _files = null!;
    private LoopbackCoordinator _signer = null!;
    private CosignerHost _host = null!;

    private static CancellationToken Soon => CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token).Token;

    public async ValueTask InitializeAsync()
    {
        _files = await CosignerFiles.CreateAsync();
        _signer = await LoopbackCoordinator.StartAsync(_files.SignerDirectory);
        _host = new CosignerHost(_files.Settings(_signer, firestore, GoogleEmulator.NewProjectId()));
        _host.Start();
        await _signer.Hub.WaitForAsync(CosignerA, Soon);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _signer.DisposeAsync();
        await _files.DisposeAsync();
    }

    [Fact]
    public async Task the_signer_sees_it_joined_as_its_pinned_party_and_the_link_is_logged()
    {
        Assert.Equal([CosignerA], _signer.Hub.Connected);
        await Eventually.UntilAsync(() => _host.Logs.Records.Any(r => r.Message.Contains("is linked to the signer at", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the link to be logged", Soon);
    }

    [Fact]
    public async Task a_challenge_request_is_answered_with_32_fresh_bytes_in_hex()
    {
        var first = await ChallengeAsync(Label());
        var second = await ChallengeAsync(Label());

        Assert.Equal(32, Hex.Decode(first).Length);
        Assert.Equal(32, Hex.Decode(second).Length);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task a_second_challenge_for_the_same_session_gets_an_error_reply()
    {
        var label = Label();
        await ChallengeAsync(label);

        var reply = await AskAsync(CoordinationKinds.Challenge, JsonSerializer.SerializeToUtf8Bytes(new ChallengeRequest(label), CoordinationJsonContext.Default.ChallengeRequest));
        Assert.Contains("already issued a challenge", reply.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_request_of_an_unknown_kind_gets_an_error_reply()
    {
        var reply = await AskAsync("custody.transfer-everything.v1", "{}"u8.ToArray());

        Assert.True(reply.Final);
        Assert.Equal("unknown request kind custody.transfer-everything.v1", reply.Error);
    }

    [Fact]
    public async Task a_challenge_request_whose_body_does_not_parse_gets_an_error_reply()
    {
        var reply = await AskAsync(CoordinationKinds.Challenge, "{\"sessionLabel\":"u8.ToArray());

        Assert.Contains("ChallengeRequest body does not parse", reply.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_invitation_for_a_wallet_it_does_not_hold_is_refused_and_the_refusal_is_audited_in_its_database()
    {
        var label = Label();
        await ChallengeAsync(label);
        var invitation = new SigningInvitation(label, "no-such-wallet", [1, 2], "{}",
            new UnsignedTransaction(31337, 0, "1000000000", "2000000000", 21000, "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "1", "0x"), "not-a-token");

        var reply = await AskAsync(CoordinationKinds.Sign, JsonSerializer.SerializeToUtf8Bytes(invitation, SigningJsonContext.Default.SigningInvitation));

        Assert.Null(reply.Error);
        Assert.True(reply.Final);
        var answer = JsonSerializer.Deserialize(reply.Body.Span, SigningJsonContext.Default.AdmissionAnswer)!;
        Assert.False(answer.Admitted);
        Assert.Contains(answer.Refusals, r => r.Code == AdmissionCodes.UnknownWallet);
        var database = _host.Services.GetRequiredService<FirestoreDatabase>();
        var audit = await database.QueryAsync(DocumentQuery.Collection(AuditLayout.EntriesCollection), AuditEntryMapper.Instance, Soon);
        var entry = Assert.Single(audit).Value.Record;
        Assert.Equal((Party, "signing-refused", label), (entry.Actor, entry.Action, entry.Details["sessionLabel"]));
    }

    [Fact]
    public async Task a_key_ceremony_with_the_signer_leaves_the_cosigner_its_own_sealed_share()
    {
        var names = new Dictionary<string, int> { ["signer"] = 1, [Party] = 2 };
        var invitation = new KeygenInvitation("treasury-1", 2, names, [31337], Hex.Encode(RandomNumberGenerator.GetBytes(32)));
        using var provider = new Keys.DevFile.DevFileKeyEncryptionProvider(new Keys.DevFile.DevFileKeyOptions { Path = Path.Combine(_files.Root, "signer.kek") }, "Test");
        var signerSessions = new PartySessions("signer", new FolderShareStore(Path.Combine(_files.Root, "signer-shares"), "signer", provider), new InMemorySessionLedger(), new NoSigningLog(), TimeProvider.System);
        PartyId[] parties = [Signer, CosignerA];

        // The signer opens its side first, then invites the co-signer (as SigningCoordinator does).
        using var transport = _signer.Hub.OpenSession(Hex.Decode(invitation.SessionId), parties);
        var signerSide = signerSessions.RunCeremonyAsync(invitation, _signer.Hub.Directory.IdentitiesFor(parties), transport, Soon);
        using var call = _signer.Hub.Ask(CosignerA, CoordinationKinds.Keygen, JsonSerializer.SerializeToUtf8Bytes(invitation, KeygenJsonContext.Default.KeygenInvitation));
        var accepted = await call.ReadAsync(Soon);
        var final = await call.ReadAsync(Soon);

        Assert.True(JsonSerializer.Deserialize(accepted.Body.Span, CoordinationJsonContext.Default.CeremonyAnswer)!.Accepted);
        Assert.Null(final.Error);
        var theirs = JsonSerializer.Deserialize(final.Body.Span, KeygenJsonContext.Default.KeygenResult);
        Assert.Equal(await signerSide, theirs);
        var record = await _host.Services.GetRequiredService<IShareStore>().FindWalletAsync("treasury-1", Soon);
        Assert.Equal(theirs!.Address, record!.Address);
    }

    private static string Label() => Hex.Encode(RandomNumberGenerator.GetBytes(32));

    private async Task<string> ChallengeAsync(string label)
    {
        var reply = await AskAsync(CoordinationKinds.Challenge, JsonSerializer.SerializeToUtf8Bytes(new ChallengeRequest(label), CoordinationJsonContext.Default.ChallengeRequest));
        Assert.Null(reply.Error);
        return JsonSerializer.Deserialize(reply.Body.Span, CoordinationJsonContext.Default.ChallengeAnswer)!.Challenge;
    }

    private async Task<PartyReply> AskAsync(string kind, byte[] body)
    {
        using var call = _signer.Hub.Ask(CosignerA, kind, body);
        return await call.FinalAsync(Soon);
    }
}
