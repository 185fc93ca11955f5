using Google.Cloud.PubSub.V1;

namespace Custody.Gcp.PubSub;

/// <summary>A validated message waiting in a batch, and the task its publisher awaits (the server message id).</summary>
internal sealed class PendingPublish(PubsubMessage message)
{
    public PubsubMessage Message { get; } = message;

    public int Size { get; } = message.CalculateSize();

    public TaskCompletionSource<string> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
