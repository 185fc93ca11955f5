using System.Numerics;
using Custody.Gcp.Firestore;
using Custody.Testing;

namespace Custody.Gcp.Tests;

public sealed class when_values_round_trip_through_firestore(FirestoreEmulator emulator) : IDisposable
{
    private static readonly BigInteger UInt256Max = (BigInteger.One << 256) - 1;
    private readonly EmulatedFirestore _firestore = new(emulator);

    public void Dispose() => _firestore.Dispose();

    [Fact]
    public async Task nested_maps_arrays_big_integers_timestamps_and_bytes_read_back_equal()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);
        var fields = new FieldMap
        {
            ["amount"] = FieldValue.UInt256(UInt256Max),
            ["negative"] = FieldValue.BigInteger(-BigInteger.Pow(10, 40)),
            ["count"] = FieldValue.Integer(long.MinValue),
            ["ratio"] = FieldValue.Double(0.125),
            ["approved"] = FieldValue.True,
            ["at"] = FieldValue.Timestamp(time),
            ["raw"] = FieldValue.Bytes([0, 1, 2, 255]),
            ["nothing"] = FieldValue.Null,
            ["wallet"] = FieldValue.Map(new FieldMap
            {
                ["address"] = FieldValue.String("0x52908400098527886E0F7030069857D2E4169EE7"),
                ["parties"] = FieldValue.Array([FieldValue.Integer(1), FieldValue.String("two"), FieldValue.Map(new FieldMap { ["deep"] = FieldValue.False })]),
            }),
            ["empty"] = FieldValue.Array([]),
        };
        var path = DocumentPath.Of("values", "all-kinds");

        await _firestore.Database.CreateAsync(path, fields, RawFields.Mapper, ct);
        var read = await _firestore.Database.GetAsync(path, RawFields.Mapper, ct);

        Assert.NotNull(read);
        Assert.Equal(fields.Fields.Keys.Order(StringComparer.Ordinal), read.Value.Fields.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, value) in fields)
        {
            Assert.True(value.Equals(read.Value[name]), $"field {name} changed in the round trip");
        }

        Assert.Equal(UInt256Max, read.Value.GetUInt256("amount"));
        Assert.Equal("115792089237316195423570985008687907853269984665640564039457584007913129639935", read.Value.GetString("amount"));
        Assert.Equal(time.AddTicks(-7), read.Value.GetTimestamp("at"));
        Assert.Equal("two", read.Value.GetMap("wallet").GetArray("parties")[1].AsString());
    }

    [Theory]
    [InlineData("007")]
    [InlineData("-0")]
    [InlineData("1e3")]
    [InlineData(" 1")]
    [InlineData("")]
    public void a_non_canonical_decimal_is_refused(string text)
    {
        var fields = new FieldMap { ["amount"] = FieldValue.String(text) };
        Assert.Throws<FormatException>(() => fields.GetBigInteger("amount"));
    }

    [Fact]
    public void a_value_outside_uint256_is_refused_both_ways()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FieldValue.UInt256(UInt256Max + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => FieldValue.UInt256(BigInteger.MinusOne));
        var fields = new FieldMap { ["amount"] = FieldValue.BigInteger(UInt256Max + 1), ["negative"] = FieldValue.Integer(-1) };
        Assert.Throws<FormatException>(() => fields.GetUInt256("amount"));
        Assert.Throws<FormatException>(() => fields.GetString("negative"));
        Assert.Throws<FormatException>(() => fields.GetString("missing"));
    }
}
