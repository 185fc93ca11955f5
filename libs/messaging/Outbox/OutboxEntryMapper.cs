using Custody.Gcp.Firestore;
using Custody.Gcp.PubSub;

namespace Custody.Messaging.Outbox;

/// <summary>Fields of an <c>outbox/{id}</c> document (docs/state.md, "Outbox").</summary>
public sealed class OutboxEntryMapper : IDocumentMapper<OutboxEntry>
{
    public static OutboxEntryMapper Instance { get; } = new();

    public FieldMap ToFields(OutboxEntry value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new FieldMap
        {
            ["id"] = FieldValue.String(value.Id),
            ["topic"] = FieldValue.String(value.TopicId),
            ["orderingKey"] = value.Message.OrderingKey is null ? FieldValue.Null : FieldValue.String(value.Message.OrderingKey),
            ["attributes"] = FieldMap.StringMap(value.Message.Attributes),
            ["data"] = FieldValue.Bytes(value.Message.Data.Span),
            ["createdAt"] = FieldValue.Timestamp(value.CreatedAt),
            ["sequence"] = FieldValue.Integer(value.Sequence),
            ["published"] = FieldValue.Boolean(value.Published),
            ["publishedAt"] = value.PublishedAt is { } at ? FieldValue.Timestamp(at) : FieldValue.Null,
            ["messageId"] = value.MessageId is null ? FieldValue.Null : FieldValue.String(value.MessageId),
        };
    }

    public OutboxEntry FromFields(FieldMap fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var message = new OutgoingMessage(fields.GetBytes("data"), fields.GetStringMap("attributes"), fields.GetOptionalString("orderingKey"));
        return new OutboxEntry(fields.GetString("id"), fields.GetString("topic"), message, fields.GetTimestamp("createdAt"),
            fields.GetInteger("sequence"), fields.GetBoolean("published"), fields.GetOptionalTimestamp("publishedAt"), fields.GetOptionalString("messageId"));
    }
}
