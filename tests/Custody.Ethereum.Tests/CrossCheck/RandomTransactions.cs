using System.Numerics;
using Custody.Ethereum.Transactions;

namespace Custody.Ethereum.Tests.CrossCheck;

/// <summary>
/// Random but reproducible transactions of all three types from a seeded <see cref="Random"/>:
/// with and without access lists, contract creations, empty/short/long data, values up to 2^256−1.
/// (Test data only: production randomness comes from RandomNumberGenerator.)
/// </summary>
internal sealed class RandomTransactions(int seed)
{
    private readonly Random _rng = new(seed);

    public Transaction Next(int index)
    {
        var type = (TransactionType)(index % 3);
        var chainId = Pick(1UL, 1UL, 5UL, 31337UL, (ulong)_rng.NextInt64(1, 1L << 32), (ulong)_rng.NextInt64(1, 1L << 53));
        var nonce = Pick(0UL, 1UL, 127UL, 128UL, (ulong)_rng.NextInt64(0, 1L << 53));
        var gasLimit = Pick(21000UL, 0UL, (ulong)_rng.NextInt64(0, long.MaxValue));
        var creation = _rng.Next(5) == 0;
        Address? to = creation ? null : Address.Create(Bytes(20));
        var value = Quantity();
        ReadOnlyMemory<byte> data = Bytes(Pick(0, 1, 4 + 64, 55, 56, _rng.Next(0, 600)));
        if (data.Length == 1)
        {
            data = new[] { (byte)_rng.Next(256) };
        }

        var withAccessList = type != TransactionType.Legacy && _rng.Next(2) == 0;
        var accessList = withAccessList ? AccessList() : [];
        return type switch
        {
            TransactionType.Legacy => new LegacyTransaction
            {
                ChainId = chainId, Nonce = nonce, GasLimit = gasLimit, To = to, Value = value, Data = data, GasPrice = Quantity(),
            },
            TransactionType.AccessList => new AccessListTransaction
            {
                ChainId = chainId, Nonce = nonce, GasLimit = gasLimit, To = to, Value = value, Data = data, GasPrice = Quantity(),
                AccessList = accessList,
            },
            _ => DynamicFee(chainId, nonce, gasLimit, to, value, data, accessList),
        };
    }

    /// <summary>A valid private key (1 ≤ d &lt; n) drawn from the seeded generator.</summary>
    public byte[] NextPrivateKey()
    {
        while (true)
        {
            var candidate = Bytes(32);
            if (Custody.Ethereum.Signing.PrivateKey.TryCreate(candidate, out var key))
            {
                key!.Dispose();
                return candidate;
            }
        }
    }

    private DynamicFeeTransaction DynamicFee(
        ulong chainId, ulong nonce, ulong gasLimit, Address? to, UInt256 value, ReadOnlyMemory<byte> data, List<AccessListEntry> accessList)
    {
        var a = Quantity();
        var b = Quantity();
        return new DynamicFeeTransaction
        {
            ChainId = chainId, Nonce = nonce, GasLimit = gasLimit, To = to, Value = value, Data = data,
            MaxFeePerGas = a > b ? a : b,
            MaxPriorityFeePerGas = a > b ? b : a,
            AccessList = accessList,
        };
    }

    private List<AccessListEntry> AccessList() =>
        Enumerable.Range(0, _rng.Next(1, 4))
            .Select(_ => new AccessListEntry(
                Address.Create(Bytes(20)),
                Enumerable.Range(0, _rng.Next(0, 4)).Select(_ => Bytes32.Create(Bytes(32))).ToList()))
            .ToList();

    // Zero, one, the maximum, and random widths from 1 to 256 bits.
    private UInt256 Quantity() => _rng.Next(8) switch
    {
        0 => UInt256.Zero,
        1 => UInt256.One,
        2 => UInt256.MaxValue,
        _ => UInt256.Create(new BigInteger(Bytes(_rng.Next(1, 33)), isUnsigned: true, isBigEndian: true)),
    };

    private byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _rng.NextBytes(bytes);
        return bytes;
    }

    private T Pick<T>(params T[] options) => options[_rng.Next(options.Length)];
}
