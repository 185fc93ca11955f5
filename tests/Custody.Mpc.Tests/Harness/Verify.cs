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
        var input = JsonSerializer.Serialize(items.Select(i => new
        {
            hash = "0x" + Convert.ToHexStringLower(i.Hash),
            r = "0x" + Convert.ToHexStringLower(i.Signature.R),
            s = "0x" + Convert.ToHexStringLower(i.Signature.S),
            v = 27 + i.Signature.RecoveryId,
        }));
        var addresses = JsonSerializer.Deserialize<string[]>(await RunEthersScriptAsync("recover.mjs", input))!;
        return addresses.Select(a => a.ToLowerInvariant()).ToArray();
    }

    /// <summary>
    /// ethers' HDNodeWallet.fromExtendedKey(xpub).derivePath(path) for each item (path without "m/", "" for the key
    /// itself), in one node process: the child's extended public key and lower-case address.
    /// </summary>
    public static async Task<(string Xpub, string Address)[]> DeriveWithEthersAsync(IReadOnlyList<(string Xpub, string Path)> items)
    {
        var input = JsonSerializer.Serialize(items.Select(i => new { xpub = i.Xpub, path = i.Path }));
        using var output = JsonDocument.Parse(await RunEthersScriptAsync("derive.mjs", input));
        return output.RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("xpub").GetString()!, e.GetProperty("address").GetString()!.ToLowerInvariant()))
            .ToArray();
    }

    /// <summary>Runs js/<paramref name="script"/> under node with ethers' path as argument, JSON in on stdin; returns stdout.</summary>
    private static async Task<string> RunEthersScriptAsync(string script, string input)
    {
        var ethers = RepoPaths.NodeTool(Path.Combine("ethers", "lib.esm", "index.js"));
        var start = new ProcessStartInfo("node", [Path.Combine(AppContext.BaseDirectory, "js", script), ethers])
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

        return await stdout;
    }
}
