using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Custody.Gcp.Firestore;

namespace Custody.Gcp.Audit;

/// <summary>
/// Where the audit log keeps its <see cref="Chains"/> independent hash chains (docs/state.md, "Audit chain format"):
/// entries of chain c at <c>audit/{c:D4}-{sequence:D20}</c>, its head at <c>audit-head/{c:D4}</c>, and the chain count
/// itself at <c>audit-layout/layout</c>, written once by the first writer and never changed. An entry belongs to the
/// chain chosen by <see cref="ChainOf"/> from its request id, so every entry of one request is in one chain, in order;
/// chains are independent so that appends for different requests do not serialise on one head document.
/// </summary>
public sealed record AuditLayout
{
    public const int DefaultChains = 64;
    public const int MaxChains = 1024;
    public const string EntriesCollection = "audit";
    public const string HeadsCollection = "audit-head";
    public static readonly DocumentPath LayoutPath = DocumentPath.Of("audit-layout", "layout");
    private static readonly byte[] ChainTag = Encoding.UTF8.GetBytes("custody.audit.chain.v1\0");

    public AuditLayout(int chains)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chains, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chains, MaxChains);
        Chains = chains;
    }

    public int Chains { get; }

    public static IDocumentMapper<AuditLayout> Mapper { get; } = new LayoutMapper();

    /// <summary>Entry documents are named by chain and zero-padded sequence, so ids sort by chain, then sequence.</summary>
    public static DocumentPath EntryPath(int chain, long sequence) =>
        DocumentPath.Of(EntriesCollection, string.Create(CultureInfo.InvariantCulture, $"{chain:D4}-{sequence:D20}"));

    public static DocumentPath HeadPath(int chain) => DocumentPath.Of(HeadsCollection, chain.ToString("D4", CultureInfo.InvariantCulture));

    /// <summary>The chain of <paramref name="record"/>: SHA-256("custody.audit.chain.v1\0" || UTF-8(requestId)), first four bytes big-endian, modulo the chain count.</summary>
    public int ChainOf(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ChainOf(record.RequestId);
    }

    /// <summary>The chain of every entry for <paramref name="requestId"/>.</summary>
    public int ChainOf(string requestId)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        var subject = Encoding.UTF8.GetBytes(requestId);
        var input = new byte[ChainTag.Length + subject.Length];
        ChainTag.CopyTo(input, 0);
        subject.CopyTo(input, ChainTag.Length);
        return (int)(BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input)) % (uint)Chains);
    }

    private sealed class LayoutMapper : IDocumentMapper<AuditLayout>
    {
        public FieldMap ToFields(AuditLayout value) => new() { ["chains"] = FieldValue.Integer(value.Chains) };

        public AuditLayout FromFields(FieldMap fields)
        {
            var chains = fields.GetInteger("chains");
            return chains is >= 1 and <= MaxChains
                ? new AuditLayout((int)chains)
                : throw new FormatException($"audit layout: chains must be 1-{MaxChains}, found {chains}.");
        }
    }
}
