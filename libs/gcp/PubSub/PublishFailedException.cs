using Grpc.Core;

namespace Custody.Gcp.PubSub;

/// <summary>
/// A message could not be published: the server refused it, or retries ran out before the overall deadline.
/// Carries the topic id, ordering key and gRPC status; never the message content.
/// </summary>
public class PublishFailedException : Exception
{
    public PublishFailedException()
    {
    }

    public PublishFailedException(string message)
        : base(message)
    {
    }

    public PublishFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PublishFailedException(string message, string topicId, string? orderingKey, StatusCode? status, Exception? innerException)
        : base(message, innerException)
    {
        TopicId = topicId;
        OrderingKey = orderingKey;
        Status = status;
    }

    public string TopicId { get; } = "";

    public string? OrderingKey { get; }

    /// <summary>The gRPC status of the last attempt, when the server answered.</summary>
    public StatusCode? Status { get; }
}
