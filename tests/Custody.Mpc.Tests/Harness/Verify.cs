using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Custody.Mpc.Curve;
using Custody.Mpc.Signing;
using Custody.Testing;
using Org.BouncyCastle.Crypto.Digests;

namespace Custody.Mpc.Tests.Harness;

/// <summary>Independent checks of signatures: .NET's built-in ECDsa, and ethers' address recovery under node.</summary>
public static class Verify
{
    /// <summary>.NET's ECDsa (OpenSSL underneath) on secp256k1 with the imported public key; nothing of ours involved.</summary>
    public static bool WithDotNet(Point publicKey, byte[] messageHash, EcdsaSignature signature)
    {
        var uncompressed = publicKey.EncodeUncompressed();
        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.CreateFromOid(new Oid("1.3.132.0.10")),
            Q = new ECPoint { X = uncompressed[1..33], Y = uncompressed[33..] },
        });
        return ecdsa.VerifyHash(messageHash, signature.ToCompact(), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>The Ethereum address of a public key: last 20 bytes of Keccak-256 of the uncompressed key without 0x04.</summary>
    public static string Address(Point publicKey)
    {
        var keccak = new KeccakDigest(256);
        var raw = publicKey.EncodeUncompressed();
        keccak.BlockUpdate(raw, 1, 64);
        var hash = new byte[32];
        keccak.DoFinal(hash, 0);
        return "0x" + Convert.ToHexStringLower(hash[12..]);
    }

    /// <summary>ethers.recoverAddress(hash, {r, s, v}) for each signature, in one node process; lower-case addresses.</summary>
    public static async Task<string[]> RecoverWithEthersAsync(IReadOnlyList<(byte[] Hash, EcdsaSignature Signature)> items)
    {
        var ethers = RepoPaths.NodeTool(Path.Combine("ethers", "lib.esm", "index.js"));
        var script = Path.Combine(AppContext.BaseDirectory, "js", "recover.mjs");
        var input = JsonSerializer.Serialize(items.Select(i => new
        {
            hash = "0x" + Convert.ToHexStringLower(i.Hash),
            r = "0x" + Convert.ToHexStringLower(i.Signature.R),
            s = "0x" + Convert.ToHexStringLower(i.Signature.S),
            v = 27 + i.Signature.RecoveryId,
        }));
        var start = new ProcessStartInfo("node", [script, ethers])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("node failed: " + await stderr);
        }

        return JsonSerializer.Deserialize<string[]>(await stdout)!.Select(a => a.ToLowerInvariant()).ToArray();
    }
}
