using Custody.Chain.Dev;
using Custody.Gcp.Emulators;

namespace Custody.Cli.Demo;

/// <summary>
/// Step 1: the real parts on loopback, started together: Google's Pub/Sub and Firestore emulators (java) and an anvil
/// chain. Disposing stops every process this demo started.
/// </summary>
internal sealed class LocalStack : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);

    private LocalStack(EmulatorProcess pubSub, EmulatorProcess firestore, AnvilNode anvil)
    {
        PubSub = pubSub;
        Firestore = firestore;
        Anvil = anvil;
    }

    public EmulatorProcess PubSub { get; }

    public EmulatorProcess Firestore { get; }

    public AnvilNode Anvil { get; }

    public static async Task<LocalStack> StartAsync(CancellationToken ct)
    {
        // Every tool is looked up before anything starts: a missing one (anvil not installed) fails here, with
        // nothing left running, instead of after the emulators have been started.
        var anvilPath = RepoLayout.Anvil();
        var pubSub = StartEmulatorAsync(GoogleEmulatorKind.PubSub, ct);
        var firestore = StartEmulatorAsync(GoogleEmulatorKind.Firestore, ct);
        var anvil = AnvilNode.StartAsync(anvilPath, ["--silent"], StartDeadline, ct);
        try
        {
            await Task.WhenAll(pubSub, firestore, anvil).ConfigureAwait(false);
        }
        catch
        {
            // Stop whatever did start before reporting the first failure.
            foreach (var started in new Task[] { pubSub, firestore, anvil })
            {
                if (started is Task<EmulatorProcess> { IsCompletedSuccessfully: true } emulator)
                {
                    await emulator.Result.DisposeAsync().ConfigureAwait(false);
                }
                else if (started is Task<AnvilNode> { IsCompletedSuccessfully: true } node)
                {
                    await node.Result.DisposeAsync().ConfigureAwait(false);
                }
            }

            throw;
        }

        var stack = new LocalStack(pubSub.Result, firestore.Result, anvil.Result);
        Narration.Line($"Pub/Sub emulator    {stack.PubSub.Host}  (pid {stack.PubSub.ProcessId})");
        Narration.Line($"Firestore emulator  {stack.Firestore.Host}  (pid {stack.Firestore.ProcessId})");
        Narration.Line($"anvil               {stack.Anvil.Endpoint}  (pid {stack.Anvil.ProcessId}, chain id {stack.Anvil.ChainId})");
        return stack;
    }

    public async ValueTask DisposeAsync()
    {
        await Anvil.DisposeAsync().ConfigureAwait(false);
        await Firestore.DisposeAsync().ConfigureAwait(false);
        await PubSub.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task<EmulatorProcess> StartEmulatorAsync(GoogleEmulatorKind kind, CancellationToken ct)
    {
        try
        {
            return await EmulatorProcess.StartAsync(kind, StartDeadline, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not DemoException)
        {
            throw new DemoException(
                $"The {kind} emulator did not start ({e.Message}). It needs java and the Google Cloud SDK components: " +
                "gcloud components install pubsub-emulator cloud-firestore-emulator", e);
        }
    }
}
