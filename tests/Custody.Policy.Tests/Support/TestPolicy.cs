using System.Numerics;
using Custody.Contracts.Events;
using Custody.Domain.Intents;
using Custody.Ethereum;

namespace Custody.Policy.Tests.Support;

/// <summary>The policy the tests run under, and requests that hit each of its rules.</summary>
internal static class TestPolicy
{
    public static readonly BigInteger Ether = BigInteger.Pow(10, 18);

    public static Address Wallet { get; } = AddressOf(0x11);

    public static Address Exchange { get; } = AddressOf(0xE1);

    public static Address Stranger { get; } = AddressOf(0x5A);

    /// <summary>
    /// small-native: up to 1 ETH per transfer and 3 ETH per hour, ALLOW. block-huge: 100 ETH or more, BLOCK.
    /// treasury-2of3-dave: anything else native, 2 of treasury plus dave within an hour.
    /// </summary>
    public static string Json => $$"""
        {
          "version": 1,
          "name": "policy-tests",
          "addressBooks": { "exchanges": ["{{Exchange.ToChecksumString()}}"] },
          "approverGroups": { "treasury": ["alice", "bob", "carol"], "risk": ["dave"] },
          "rules": [
            { "id": "small-native", "when": { "assets": ["native"], "amount": { "max": "{{Ether}}" },
                                              "velocity": { "windowSeconds": 3600, "max": "{{Ether * 3}}" } },
              "action": { "type": "ALLOW" } },
            { "id": "block-huge", "when": { "assets": ["native"], "amount": { "min": "{{Ether * 100}}" } }, "action": { "type": "BLOCK" } },
            { "id": "treasury-2of3-dave", "description": "larger transfers need two of treasury and risk's dave",
              "when": { "assets": ["native"] },
              "action": { "type": "REQUIRE_APPROVAL", "groups": [{ "group": "treasury", "quorum": 2 }], "mandatory": ["dave"], "expirySeconds": 3600 } }
          ]
        }
        """;

    public static TransactionRequested Native(BigInteger wei, string? requestId = null, string walletId = "hot-1", Address? to = null) => new(
        requestId ?? "req-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)),
        walletId, Wallet.ToChecksumString(), 31337, (to ?? Exchange).ToChecksumString(), wei.ToString(System.Globalization.CultureInfo.InvariantCulture), "0x",
        "payments", DateTimeOffset.UtcNow);

    public static TransactionValidated Validated(TransactionRequested request) =>
        new(request.RequestId, request, TransactionIntent.Create(request).Hash.ToString(), DateTimeOffset.UtcNow);

    private static Address AddressOf(byte seed)
    {
        var bytes = new byte[20];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(seed * (i + 3) + i);
        }

        return Address.Create(bytes);
    }
}
