using Custody.Mpc.Curve;
using Custody.Mpc.Signing;

namespace Custody.Cli.Commands.Bench;

/// <summary>What every row of <c>custody mpc bench</c> reports the same way: medians, random inputs, printed signatures.</summary>
internal static class MpcBenchFigures
{
    public static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        MpcRandom.Secure.Fill(bytes);
        return bytes;
    }

    public static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);

    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>A signature as printed for independent verification: message hash, r, s, v.</summary>
    public static Dictionary<string, object> SignatureEntry(byte[] hash, EcdsaSignature signature) => new()
    {
        ["messageHash"] = Hex(hash),
        ["r"] = Hex(signature.R),
        ["s"] = Hex(signature.S),
        ["v"] = (int)signature.RecoveryId,
    };
}
