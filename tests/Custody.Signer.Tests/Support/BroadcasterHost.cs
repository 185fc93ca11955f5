extern alias broadcaster;

using System.Globalization;
using Custody.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using BroadcastRecord = broadcaster::Custody.Broadcaster.Tracking.BroadcastRecord;
using BroadcastStore = broadcaster::Custody.Broadcaster.Tracking.BroadcastStore;
using BroadcasterProgram = broadcaster::Program;

namespace Custody.Signer.Tests.Support;

/// <summary>
/// The broadcaster service (its real Program, hosted in-process) beside a <see cref="SignerStack"/>: the same project
/// (Firestore and Pub/Sub), the same anvil, the same policy files; 2 confirmations, polling every 100 ms, and a
/// replacement requested after <c>replaceAfter</c> without a receipt.
/// </summary>
internal sealed class BroadcasterHost(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<BroadcasterProgram>
{
    public static BroadcasterHost Start(SignerStack signer, PubSubEmulator pubSub, FirestoreEmulator firestore, TimeSpan replaceAfter)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var host = new BroadcasterHost(new Dictionary<string, string>
        {
            ["Google:ProjectId"] = signer.ProjectId,
            ["Google:UseEmulators"] = "true",
            ["Google:PubSubEmulatorHost"] = pubSub.Host,
            ["Google:FirestoreEmulatorHost"] = firestore.Host,
            ["Messaging:Source"] = "//custody/broadcaster",
            ["Messaging:ProvisionTopology"] = "true",
            ["Broadcaster:NodeUrl"] = signer.Anvil.Endpoint.ToString(),
            ["Broadcaster:ChainId"] = signer.Anvil.ChainId.ToString(CultureInfo.InvariantCulture),
            ["Broadcaster:PolicyDirectory"] = signer.PolicyDirectory,
            ["Broadcaster:Confirmations"] = "2",
            ["Broadcaster:PollInterval"] = "00:00:00.100",
            ["Broadcaster:ReplaceAfter"] = replaceAfter.ToString("c", CultureInfo.InvariantCulture),
        });
        _ = host.Services; // starts the broadcaster
        return host;
    }

    public async Task<BroadcastRecord?> BroadcastAsync(string requestId) =>
        await Services.GetRequiredService<BroadcastStore>().GetAsync(requestId, TestContext.Current.CancellationToken);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Test");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }
}
