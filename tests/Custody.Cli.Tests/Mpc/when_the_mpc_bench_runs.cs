using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Org.BouncyCastle.Crypto.Digests;

namespace Custody.Cli.Tests.Mpc;

/// <summary>`custody mpc bench` as a real process: one JSON object whose every signature verifies independently.</summary>
public sealed class when_the_mpc_bench_runs
{
    [Fact]
    public async Task it_prints_one_json_object_whose_signatures_verify_with_dotnet_ecdsa()
    {
        using var json = await BenchAsync("--threshold", "2", "--parties", "2", "--signatures", "2");
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("threshold").GetInt32());
        Assert.Equal(2, root.GetProperty("requestedSignatures").GetInt32());
        Assert.True(root.GetProperty("dkgColdMs").GetDouble() > 0);
        Assert.True(root.GetProperty("dkgCpuMs").GetDouble() > 0);
        Assert.True(root.GetProperty("dkgBytes").GetInt64() > 2 * 8_449);
        Assert.True(root.GetProperty("refreshCpuMs").GetDouble() > 0);
        Assert.True(root.GetProperty("refreshBytes").GetInt64() > 2 * 8_449);
        var publicKey = Convert.FromHexString(root.GetProperty("publicKey").GetString()![2..]);
        Assert.Equal(65, publicKey.Length);
        Assert.Equal(ExpectedAddress(publicKey), root.GetProperty("address").GetString()!.ToLowerInvariant());

        AssertSignaturesVerify(publicKey, root.GetProperty("signatures"), 2);
        var presign = root.GetProperty("presign");
        Assert.True(presign.GetProperty("onlineCpuMsPerParty").GetDouble() > 0);
        Assert.True(presign.GetProperty("presignBytes").GetInt64() > 100_000);
        Assert.InRange(presign.GetProperty("onlineBytes").GetInt64(), 100, 1_000);
        AssertSignaturesVerify(publicKey, presign.GetProperty("signatures"), 2);
    }

    [Fact]
    public async Task the_sweep_prints_2_of_2_2_of_3_and_3_of_5_with_verifiable_signatures()
    {
        using var json = await BenchAsync("--sweep", "--signatures", "1");
        var rows = json.RootElement.EnumerateArray().ToArray();

        Assert.Equal([(2, 2), (2, 3), (3, 5)], rows.Select(r => (r.GetProperty("threshold").GetInt32(), r.GetProperty("parties").GetInt32())));
        foreach (var row in rows)
        {
            var publicKey = Convert.FromHexString(row.GetProperty("publicKey").GetString()![2..]);
            AssertSignaturesVerify(publicKey, row.GetProperty("signatures"), 1);
            AssertSignaturesVerify(publicKey, row.GetProperty("presign").GetProperty("signatures"), 1);
        }
    }

    private static async Task<JsonDocument> BenchAsync(params string[] arguments)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "custody.dll");
        var start = new ProcessStartInfo("dotnet", [cli, "mpc", "bench", .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, await stderr);
        return JsonDocument.Parse(await stdout);
    }

    private static void AssertSignaturesVerify(byte[] publicKey, JsonElement signaturesElement, int expected)
    {
        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.CreateFromOid(new Oid("1.3.132.0.10")),
            Q = new ECPoint { X = publicKey[1..33], Y = publicKey[33..] },
        });
        var signatures = signaturesElement.EnumerateArray().ToArray();
        Assert.Equal(expected, signatures.Length);
        foreach (var signature in signatures)
        {
            var hash = Convert.FromHexString(signature.GetProperty("messageHash").GetString()![2..]);
            byte[] rs = [.. Convert.FromHexString(signature.GetProperty("r").GetString()![2..]), .. Convert.FromHexString(signature.GetProperty("s").GetString()![2..])];
            Assert.True(ecdsa.VerifyHash(hash, rs, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
            Assert.InRange(signature.GetProperty("v").GetInt32(), 0, 1);
        }
    }

    private static string ExpectedAddress(byte[] uncompressed)
    {
        var keccak = new KeccakDigest(256);
        keccak.BlockUpdate(uncompressed, 1, 64);
        var hash = new byte[32];
        keccak.DoFinal(hash, 0);
        return "0x" + Convert.ToHexStringLower(hash[12..]);
    }
}
