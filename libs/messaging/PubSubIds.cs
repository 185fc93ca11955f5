namespace Custody.Messaging;

/// <summary>
/// Pub/Sub resource id rules (https://cloud.google.com/pubsub/docs/pubsub-basics#resource_names): 3-255
/// characters, starts with a letter, letters, digits and <c>- _ . ~ + %</c>, never starts with <c>goog</c>.
/// </summary>
internal static class PubSubIds
{
    public static bool IsValid(string? id) =>
        id is { Length: >= 3 and <= 255 } && char.IsAsciiLetter(id[0]) &&
        !id.StartsWith("goog", StringComparison.OrdinalIgnoreCase) &&
        id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '+' or '%');

    public static string Check(string? id, string parameterName) =>
        IsValid(id)
            ? id!
            : throw new ArgumentException("A topic or subscription id is 3-255 characters of letters, digits and - _ . ~ + %, starts with a letter and not with 'goog'.", parameterName);
}
