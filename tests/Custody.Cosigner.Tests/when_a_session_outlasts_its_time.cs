using System.Security.Cryptography;
using System.Text.Json;
using Custody.Cosigner.Tests.Support;
using Custody.Ethereum;
using Custody.Keys.DevFile;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Parties.Channel;
using Custody.Signing.Coordination;
using Custody.Signing.Sessions;
using Custody.Signing.Shares;
using Custody.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Custody.Cosigner.Tests.Support.CosignerFiles;

namespace Custody.Cosigner.Tests;

/// <summary>
/// A session the signer opens and never runs ends after <c>Cosigner:SessionTimeoutSeconds</c>; when the co-signer
/// stops, a session in flight is finished if it can be within the host's shutdown timeout, else answered
/// "the co-signer is stopping" (docs/signing.md "The co-signer service").
/// </summary>
public sealed class when_a_session_outlasts_its_time(FirestoreEmulator firestore) : IAsyncLifetime
{
    private static readonly Dictionary<string, int> Names = new() { ["signer"] = 1, [Party] = 2 };
    private static readonly PartyId[] Parties = [Signer, CosignerA];

    private CosignerFiles _files = null!;
    private LoopbackCoordinator _signer = null!;

    private static CancellationToken Soon => CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token).Token;

    public async ValueTask InitializeAsync()
    {
        _files = await CosignerFiles.CreateAsync();
        _signer = await LoopbackCoordinator.StartAsync(_files.SignerDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await _signer.DisposeAsync();
        await _files.DisposeAsync();
    }

    [Fact]
    public async Task a_ceremony_the_signer_never_runs_fails_after_the_session_timeout()
    {
        await using var host = await StartAsync(sessionTimeoutSeconds: 1);
        using var call = AskKeygen(Invitation());

        Assert.True(Answer(await call.ReadAsync(Soon)).Accepted);
        var final = await call.ReadAsync(Soon);
        Assert.Equal("the session did not finish within 1 s", final.Error);
    }

    [Fact]
    public async Task a_ceremony_in_flight_when_the_cosigner_stops_is_answered_that_it_is_stopping_after_the_shutdown_timeout()
    {
        await using var host = await StartAsync(sessionTimeoutSeconds: 600, shutdownTimeout: TimeSpan.FromSeconds(1));
        using var call = AskKeygen(Invitation());
        Assert.True(Answer(await call.ReadAsync(Soon)).Accepted);

        host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        var final = await call.ReadAsync(Soon);
        Assert.Equal(Link.CoordinatorLinkService.StoppingReason, final.Error);
    }

    [Fact]
    public async Task a_ceremony_in_flight_when_the_cosigner_starts_stopping_is_finished_before_it_goes()
    {
        await using var host = await StartAsync(sessionTimeoutSeconds: 600, shutdownTimeout: TimeSpan.FromSeconds(30));
        var invitation = Invitation();
        using var call = AskKeygen(invitation);
        Assert.True(Answer(await call.ReadAsync(Soon)).Accepted);

        // The co-signer is told to stop with the ceremony in flight; only then does the signer run its side.
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.StopApplication();
        await Eventually.UntilAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, TimeSpan.FromSeconds(30), "the co-signer to be stopping", Soon);
        var ours = await SignerSideAsync(invitation);

        var final = await call.ReadAsync(Soon);
        Assert.Null(final.Error);
        Assert.Equal(ours, JsonSerializer.Deserialize(final.Body.Span, KeygenJsonContext.Default.KeygenResult));
        await Eventually.UntilAsync(() => lifetime.ApplicationStopped.IsCancellationRequested, TimeSpan.FromSeconds(30), "the co-signer to have stopped", Soon);
        using var provider = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = _files.KeyFile, CreateIfMissing = false }, "Test");
        Assert.NotNull(await new FolderShareStore(_files.ShareDirectory, Party, provider).FindWalletAsync(invitation.WalletId, Soon));
    }

    [Fact]
    public async Task at_most_16_requests_are_handled_at_once_and_the_next_waits_for_a_free_slot()
    {
        await using var host = await StartAsync(sessionTimeoutSeconds: 5);
        var service = host.Services.GetRequiredService<Link.CoordinatorLinkService>();
        var calls = Enumerable.Range(0, Link.CoordinatorLinkService.MaxInFlight + 1).Select(_ => AskKeygen(Invitation())).ToList();
        try
        {
            var firstReplies = calls.Select(c => c.ReadAsync(Soon)).ToList();

            // Sixteen ceremonies are admitted and hang (the signer never runs them); the seventeenth is not even looked at.
            await Eventually.UntilAsync(() => firstReplies.Count(r => r.IsCompleted) == Link.CoordinatorLinkService.MaxInFlight, TimeSpan.FromSeconds(30), "16 ceremonies admitted", Soon);
            Assert.Equal(Link.CoordinatorLinkService.MaxInFlight, service.InFlight);
            var waiting = Assert.Single(firstReplies, r => !r.IsCompleted);

            // When the first sixteen time out, it gets its turn.
            Assert.True(Answer(await waiting).Accepted);
            foreach (var call in calls)
            {
                var last = await call.FinalAsync(Soon);
                Assert.Equal("the session did not finish within 5 s", last.Error);
            }
        }
        finally
        {
            calls.ForEach(c => c.Dispose());
        }
    }

    private async Task<CosignerHost> StartAsync(int sessionTimeoutSeconds, TimeSpan? shutdownTimeout = null)
    {
        var settings = _files.Settings(_signer, firestore, GoogleEmulator.NewProjectId());
        settings["Cosigner:SessionTimeoutSeconds"] = sessionTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var host = new CosignerHost(settings, shutdownTimeout);
        host.Start();
        await _signer.Hub.WaitForAsync(CosignerA, Soon);
        return host;
    }

    private static KeygenInvitation Invitation() => new("treasury-" + RandomNumberGenerator.GetHexString(8, lowercase: true), 2, Names, [31337], Hex.Encode(RandomNumberGenerator.GetBytes(32)));

    private PartyCall AskKeygen(KeygenInvitation invitation) =>
        _signer.Hub.Ask(CosignerA, CoordinationKinds.Keygen, JsonSerializer.SerializeToUtf8Bytes(invitation, KeygenJsonContext.Default.KeygenInvitation));

    private static CeremonyAnswer Answer(PartyReply reply) => JsonSerializer.Deserialize(reply.Body.Span, CoordinationJsonContext.Default.CeremonyAnswer)!;

    /// <summary>The signer's side of the ceremony, with its own share folder.</summary>
    private async Task<KeygenResult> SignerSideAsync(KeygenInvitation invitation)
    {
        using var provider = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = Path.Combine(_files.Root, "signer.kek") }, "Test");
        var sessions = new PartySessions("signer", new FolderShareStore(Path.Combine(_files.Root, "signer-shares"), "signer", provider), new InMemorySessionLedger(), new NoSigningLog(), TimeProvider.System);
        using var transport = _signer.Hub.OpenSession(Hex.Decode(invitation.SessionId), Parties);
        return await sessions.RunCeremonyAsync(invitation, _signer.Hub.Directory.IdentitiesFor(Parties), transport, Soon);
    }
}
