namespace Custody.Cli.Tests.BadInputs;

/// <summary>Valid inputs that the tables spoil one field at a time.</summary>
internal static class Inputs
{
    public const string Request = """
        {"requestId": "payout-1", "walletId": "treasury-hot-1", "walletAddress": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
         "chainId": 1, "to": "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "value": "1500000000000000000", "data": "0x",
         "initiator": "payments-service", "requestedAt": "2026-11-23T18:00:00Z"}
        """;

    public const string Policy = """
        {"version": 1, "rules": [{"id": "small", "when": {"assets": ["native"], "amount": {"max": "2000000000000000000"}}, "action": {"type": "ALLOW"}}]}
        """;

    public const string History = """
        [{"requestId": "earlier", "walletId": "treasury-hot-1", "asset": "native", "amount": "1", "at": "2026-11-23T10:00:00Z"}]
        """;

    public const string Transaction = """
        {"type": 2, "chainId": "1", "nonce": "0", "to": "0x3535353535353535353535353535353535353535", "value": "1", "data": "0x",
         "gasLimit": "21000", "maxFeePerGas": "30000000000", "maxPriorityFeePerGas": "1000000000"}
        """;

    /// <summary>The text with one exact fragment replaced; fails loudly when the fragment is absent.</summary>
    public static string Replace(this string json, string from, string to) =>
        json.Contains(from, StringComparison.Ordinal) ? json.Replace(from, to, StringComparison.Ordinal) : throw new ArgumentException($"'{from}' is not in the input.", nameof(from));
}
