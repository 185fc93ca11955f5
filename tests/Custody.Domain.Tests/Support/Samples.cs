using System.Numerics;
using Custody.Contracts.Events;
using Custody.Domain.Intents;
using Custody.Ethereum;
using Custody.Ethereum.Abi;

namespace Custody.Domain.Tests.Support;

/// <summary>Requests, addresses and amounts the domain tests build on.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    public static readonly BigInteger MaxUInt256 = (BigInteger.One << 256) - 1;

    public static Address Wallet { get; } = AddressOf(0x11);

    public static Address Alice { get; } = AddressOf(0xA1);

    public static Address Bob { get; } = AddressOf(0xB0);

    public static Address Exchange { get; } = AddressOf(0xE1);

    public static Address Token { get; } = AddressOf(0x70);

    public static Address AddressOf(byte seed)
    {
        var bytes = new byte[20];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(seed * (i + 7) + i);
        }

        return Address.Create(bytes);
    }

    public static TransactionRequested Native(Address to, BigInteger amount, string requestId = "req-1", string walletId = "hot-1", string initiator = "payments") =>
        new(requestId, walletId, Wallet.ToChecksumString(), 1, to.ToChecksumString(), amount.ToString(), "0x", initiator, Now);

    public static TransactionRequested Erc20Transfer(Address token, Address recipient, BigInteger amount, string requestId = "req-2", string walletId = "hot-1") =>
        new(requestId, walletId, Wallet.ToChecksumString(), 1, token.ToChecksumString(), "0",
            Hex.Encode(new Erc20Transfer(recipient, UInt256.Create(amount)).Encode()), "payments", Now);

    public static TransactionRequested Call(Address contract, string data, BigInteger value, string requestId = "req-3") =>
        new(requestId, "hot-1", Wallet.ToChecksumString(), 1, contract.ToChecksumString(), value.ToString(), data, "payments", Now);

    public static TransactionIntent Intent(TransactionRequested request) => TransactionIntent.Create(request);
}
