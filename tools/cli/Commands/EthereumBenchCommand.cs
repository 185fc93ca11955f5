using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Custody.Ethereum;
using Custody.Ethereum.Abi;
using Custody.Ethereum.Signing;
using Custody.Ethereum.Transactions;

namespace Custody.Cli;

/// <summary>
/// <c>custody bench ethereum</c>: EIP-1559 sign+encode and decode+recover throughput of libs/ethereum,
/// then the same work through ethers 6 in node (eng/bench/ethers-bench.mjs) in the same run, with ratios.
/// </summary>
internal static class EthereumBenchCommand
{
    public static Command Create()
    {
        var seconds = BoundedOptions.Number("--seconds", "Measurement time per figure, seconds in", 2.0, 0, 600);
        var skipEthers = new Option<bool>("--no-ethers") { Description = "Measure only the .NET library." };
        var command = new Command("ethereum", "Transactions per second: EIP-1559 sign+encode and decode+recover, libs/ethereum vs ethers 6.");
        command.Options.Add(seconds);
        command.Options.Add(skipEthers);
        command.SetAction(parse => Run(parse.GetValue(seconds), parse.GetValue(skipEthers)));
        return command;
    }

    private static int Run(double seconds, bool skipEthers)
    {
        using var key = PrivateKey.Create(Convert.FromHexString(string.Concat(Enumerable.Repeat("46", 32))));
        var to = Address.Create(Enumerable.Repeat((byte)0x35, 20).ToArray());
        var data = new Erc20Transfer(to, UInt256.One).Encode();
        DynamicFeeTransaction Template(int nonce) => new()
        {
            ChainId = 1,
            Nonce = (ulong)nonce,
            MaxPriorityFeePerGas = 1_500_000_000,
            MaxFeePerGas = 30_000_000_000,
            GasLimit = 65_000,
            To = to,
            Value = UInt256.Parse("1000000000000000000"),
            Data = data,
        };

        var signEncode = Measure(seconds, i => Template(i).Sign(key).Raw.Length);
        var raws = Enumerable.Range(0, 256).Select(i => Template(i).Sign(key).ToArray()).ToArray();
        var decodeRecover = Measure(seconds, i => SignedTransaction.Decode(raws[i % raws.Length]).RecoverSender().Span.Length);

        Console.WriteLine($"libs/ethereum (.NET {Environment.Version}, BouncyCastle 2.7.0), {Environment.ProcessorCount} cores:");
        Console.WriteLine($"  EIP-1559 sign+encode     {signEncode,12:N0} tx/s");
        Console.WriteLine($"  EIP-1559 decode+recover  {decodeRecover,12:N0} tx/s");
        if (skipEthers)
        {
            return 0;
        }

        var ethers = RunEthers(seconds);
        if (ethers is null)
        {
            return 1;
        }

        var ethersSign = (double)ethers["signEncodePerSecond"]!;
        var ethersDecode = (double)ethers["decodeRecoverPerSecond"]!;
        Console.WriteLine($"ethers {ethers["ethers"]} (node {NodeVersion()}), same transactions:");
        Console.WriteLine($"  EIP-1559 sign+encode     {ethersSign,12:N0} tx/s");
        Console.WriteLine($"  EIP-1559 decode+recover  {ethersDecode,12:N0} tx/s");
        Console.WriteLine("ratio libs/ethereum / ethers:");
        Console.WriteLine($"  sign+encode              {signEncode / ethersSign,12:N2}x");
        Console.WriteLine($"  decode+recover           {decodeRecover / ethersDecode,12:N2}x");
        return 0;
    }

    private static double Measure(double seconds, Func<int, int> work)
    {
        var sink = 0;
        for (var i = 0; i < 200; i++)
        {
            sink += work(i);
        }

        var budget = TimeSpan.FromSeconds(seconds);
        var watch = Stopwatch.StartNew();
        var count = 0;
        while (watch.Elapsed < budget)
        {
            sink += work(count++);
        }

        GC.KeepAlive(sink);
        return count / watch.Elapsed.TotalSeconds;
    }

    private static JsonObject? RunEthers(double seconds)
    {
        var root = RepositoryRoot();
        if (root is null)
        {
            Console.Error.WriteLine("error: run from inside the repository (Custody.sln not found) to compare with ethers.");
            return null;
        }

        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(root, "eng", "bench", "ethers-bench.mjs"));
        info.ArgumentList.Add(Path.Combine(root, "eng", "node", "node_modules"));
        info.ArgumentList.Add(seconds.ToString(CultureInfo.InvariantCulture));
        using var node = Process.Start(info);
        if (node is null)
        {
            Console.Error.WriteLine("error: node did not start.");
            return null;
        }

        var output = node.StandardOutput.ReadToEnd();
        node.WaitForExit();
        if (node.ExitCode != 0)
        {
            Console.Error.WriteLine($"error: ethers-bench.mjs exited with {node.ExitCode} (is ./eng/tools.sh done?).");
            return null;
        }

        return JsonNode.Parse(output) as JsonObject;
    }

    private static string NodeVersion()
    {
        var info = new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false };
        using var node = Process.Start(info);
        var version = node?.StandardOutput.ReadToEnd().Trim() ?? "?";
        node?.WaitForExit();
        return version;
    }

    private static string? RepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Custody.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
