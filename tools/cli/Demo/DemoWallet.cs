using Custody.Ethereum;

namespace Custody.Cli.Demo;

/// <summary>The wallet the key ceremony produced: its id, joint public key (compressed SEC1) and address.</summary>
internal sealed record DemoWallet(string WalletId, byte[] PublicKey, Address Address, string KeyId);
