using System.Text.RegularExpressions;

namespace Custody.Gcp.PubSub;

/// <summary>
/// Resource names from short ids. Pub/Sub ids: 3-255 characters, start with a letter, then letters, digits
/// and <c>-_.~+%</c>, never starting with <c>goog</c> (cloud.google.com/pubsub/docs/pubsub-basics, "Resource names").
/// </summary>
internal static partial class PubSubNames
{
    public static string Topic(string projectId, string topicId)
    {
        ValidateId(topicId, nameof(topicId));
        return $"projects/{projectId}/topics/{topicId}";
    }

    public static string Subscription(string projectId, string subscriptionId)
    {
        ValidateId(subscriptionId, nameof(subscriptionId));
        return $"projects/{projectId}/subscriptions/{subscriptionId}";
    }

    public static void ValidateId(string id, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(id, parameterName);
        if (!IdPattern().IsMatch(id) || id.StartsWith("goog", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"'{id}' is not a valid Pub/Sub id (3-255 characters, a letter first, then letters, digits or -_.~+%; not starting with 'goog').",
                parameterName);
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9\\-_.~+%]{2,254}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
