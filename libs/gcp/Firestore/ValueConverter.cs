using Google.Cloud.Firestore.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using ProtoValue = Google.Cloud.Firestore.V1.Value;

namespace Custody.Gcp.Firestore;

/// <summary>Converts <see cref="FieldValue"/> to and from the generated <c>google.firestore.v1.Value</c>.</summary>
internal static class ValueConverter
{
    private const int MaxDepth = 20;

    public static ProtoValue ToProto(FieldValue value, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"Values nest deeper than {MaxDepth} levels.", nameof(value));
        }

        return value.Kind switch
        {
            FieldValueKind.Null => new ProtoValue { NullValue = NullValue.NullValue },
            FieldValueKind.Boolean => new ProtoValue { BooleanValue = value.AsBoolean() },
            FieldValueKind.Integer => new ProtoValue { IntegerValue = value.AsInteger() },
            FieldValueKind.Double => new ProtoValue { DoubleValue = value.AsDouble() },
            FieldValueKind.String => new ProtoValue { StringValue = value.AsString() },
            FieldValueKind.Bytes => new ProtoValue { BytesValue = ByteString.CopyFrom(value.AsBytes().Span) },
            FieldValueKind.Timestamp => new ProtoValue { TimestampValue = Timestamp.FromDateTimeOffset(value.AsTimestamp()) },
            FieldValueKind.Map => new ProtoValue { MapValue = ToMapValue(value.AsMap(), depth + 1) },
            FieldValueKind.Array => new ProtoValue { ArrayValue = new ArrayValue { Values = { value.AsArray().Select(v => ToProto(v, depth + 1)) } } },
            _ => throw new ArgumentOutOfRangeException(nameof(value)),
        };
    }

    public static MapValue ToMapValue(FieldMap fields, int depth = 0)
    {
        var map = new MapValue();
        foreach (var (name, value) in fields)
        {
            map.Fields.Add(name, ToProto(value, depth));
        }

        return map;
    }

    public static FieldValue FromProto(ProtoValue value) => value.ValueTypeCase switch
    {
        ProtoValue.ValueTypeOneofCase.NullValue => FieldValue.Null,
        ProtoValue.ValueTypeOneofCase.BooleanValue => FieldValue.Boolean(value.BooleanValue),
        ProtoValue.ValueTypeOneofCase.IntegerValue => FieldValue.Integer(value.IntegerValue),
        ProtoValue.ValueTypeOneofCase.DoubleValue => FieldValue.Double(value.DoubleValue),
        ProtoValue.ValueTypeOneofCase.StringValue => FieldValue.String(value.StringValue),
        ProtoValue.ValueTypeOneofCase.BytesValue => FieldValue.FromRawBytes(value.BytesValue.ToByteArray()),
        ProtoValue.ValueTypeOneofCase.TimestampValue => FieldValue.Timestamp(value.TimestampValue.ToDateTimeOffset()),
        ProtoValue.ValueTypeOneofCase.MapValue => FieldValue.FromRawMap(FromFields(value.MapValue.Fields)),
        ProtoValue.ValueTypeOneofCase.ArrayValue => FieldValue.FromRawArray(value.ArrayValue.Values.Select(FromProto).ToArray()),
        _ => throw new FormatException($"Unsupported Firestore value type {value.ValueTypeCase}."),
    };

    public static Dictionary<string, FieldValue> FromFields(IDictionary<string, ProtoValue> fields)
    {
        var result = new Dictionary<string, FieldValue>(fields.Count, StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            result.Add(name, FromProto(value));
        }

        return result;
    }

    public static Document ToDocument(string name, FieldMap fields)
    {
        var document = new Document { Name = name };
        foreach (var (field, value) in fields)
        {
            document.Fields.Add(field, ToProto(value));
        }

        return document;
    }

    public static DocumentSnapshot<T> ToSnapshot<T>(string databasePath, Document document, IDocumentMapper<T> mapper) =>
        new(DocumentPath.FromName(databasePath, document.Name),
            mapper.FromFields(new FieldMap(FromFields(document.Fields))),
            DocumentVersion.From(document.CreateTime),
            DocumentVersion.From(document.UpdateTime));
}
