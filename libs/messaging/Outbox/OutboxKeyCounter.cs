using Custody.Gcp.Firestore;

namespace Custody.Messaging.Outbox;

/// <summary>The <c>outbox-keys/{sha256(key)}</c> document: the last sequence handed out for an ordering key.</summary>
public sealed record OutboxKeyCounter(string OrderingKey, long LastSequence)
{
    public static IDocumentMapper<OutboxKeyCounter> Mapper { get; } = new CounterMapper();

    private sealed class CounterMapper : IDocumentMapper<OutboxKeyCounter>
    {
        public FieldMap ToFields(OutboxKeyCounter value) => new()
        {
            ["orderingKey"] = FieldValue.String(value.OrderingKey),
            ["lastSequence"] = FieldValue.Integer(value.LastSequence),
        };

        public OutboxKeyCounter FromFields(FieldMap fields) => new(fields.GetString("orderingKey"), fields.GetInteger("lastSequence"));
    }
}
