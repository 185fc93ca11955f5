namespace Custody.Intake.Requests;

/// <summary>The stable codes of intake's rejection reasons (docs/intake.md, "Reasons").</summary>
public static class RejectionCodes
{
    /// <summary>A field breaks the contract's shape (format, range, length).</summary>
    public const string InvalidFormat = "invalid-format";

    /// <summary>The fields are well-formed but no intent can be derived (EIP-55 checksum, ERC-20 calldata, value with a token call).</summary>
    public const string InvalidIntent = "invalid-intent";

    /// <summary>No wallet is registered under walletId.</summary>
    public const string UnknownWallet = "unknown-wallet";

    /// <summary>walletAddress is not the registered wallet's address.</summary>
    public const string WalletAddressMismatch = "wallet-address-mismatch";

    /// <summary>The wallet is not configured for chainId.</summary>
    public const string ChainNotConfigured = "chain-not-configured";

    /// <summary>requestedAt lies further in the future than the allowed clock skew.</summary>
    public const string RequestedInFuture = "requested-in-future";

    /// <summary>The request id was already used with a different body (or by another caller).</summary>
    public const string DuplicateRequestId = "duplicate-request-id";
}
