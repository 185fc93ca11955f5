using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Custody.Gcp.Audit;

/// <summary>
/// The hash of an audit entry (docs/state.md, "Audit chain format"):
/// <code>
/// hash = SHA-256( LP("custody.audit.v1")
///               || U64(sequence) || I64(time as Unix microseconds, UTC)
///               || LP(actor) || LP(action) || LP(requestId) || LP(traceId)
///               || U32(number of details) || { LP(key) || LP(value) } sorted by ordinal key
///               || previousHash (32 bytes) )
/// LP(s) = U32(byte length of UTF-8(s)) || UTF-8(s);  U32/U64/I64 big-endian.
/// </code>
/// Every variable-length field is length-prefixed, so no two different entries share an encoding; the
/// domain tag keeps these hashes apart from any other SHA-256 use.
/// </summary>
public static class AuditChainHash
{
    public const string DomainTag = "custody.audit.v1";

    /// <summary>Firestore keeps microseconds: the chain hashes the time as stored.</summary>
    public static DateTimeOffset CanonicalTime(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    public static AuditHash Compute(long sequence, DateTimeOffset time, AuditRecord record, AuditHash previousHash)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendText(hash, DomainTag);
        AppendUInt64(hash, checked((ulong)sequence));
        AppendUInt64(hash, unchecked((ulong)UnixMicroseconds(time)));
        AppendText(hash, record.Actor);
        AppendText(hash, record.Action);
        AppendText(hash, record.RequestId);
        AppendText(hash, record.TraceId);
        AppendUInt32(hash, checked((uint)record.Details.Count));
        foreach (var (key, value) in record.Details.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            AppendText(hash, key);
            AppendText(hash, value);
        }

        hash.AppendData(previousHash.Bytes);
        return AuditHash.FromBytes(hash.GetHashAndReset());
    }

    private static long UnixMicroseconds(DateTimeOffset time) =>
        (CanonicalTime(time).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private static void AppendText(IncrementalHash hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        AppendUInt32(hash, checked((uint)bytes.Length));
        hash.AppendData(bytes);
    }

    private static void AppendUInt32(IncrementalHash hash, uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, value);
        hash.AppendData(buffer);
    }

    private static void AppendUInt64(IncrementalHash hash, ulong value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, value);
        hash.AppendData(buffer);
    }
}
