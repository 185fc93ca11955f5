using System.Globalization;

namespace Custody.Mpc.Derivation;

/// <summary>
/// A BIP-32 path of non-hardened steps, written "m/0/1" (relative to the wallet's extended public key). Hardened steps
/// ("0'", "0h", "0H" or an index of 2^31 or more) need the private key at one place (BIP-32 "Private parent key ->
/// private child key"), which a threshold key never has: they are refused with a clear error. At most 255 steps (the
/// depth byte of an extended key).
/// </summary>
public sealed class DerivationPath : IEquatable<DerivationPath>
{
    public const uint FirstHardenedIndex = 0x8000_0000;

    private readonly uint[] _indices;

    private DerivationPath(uint[] indices)
    {
        _indices = indices;
    }

    public static DerivationPath Master { get; } = new([]);

    public IReadOnlyList<uint> Indices => _indices;

    public static DerivationPath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts[0] != "m")
        {
            throw new FormatException("a derivation path starts with \"m\" (for example m/0/1)");
        }

        var indices = new uint[parts.Length - 1];
        for (var k = 0; k < indices.Length; k++)
        {
            var step = parts[k + 1];
            if (step.Length > 0 && step[^1] is '\'' or 'h' or 'H')
            {
                throw new FormatException($"step {k + 1} (\"{step}\") is hardened: a threshold key derives non-hardened children only (BIP-32 public derivation)");
            }

            if (step.Length is 0 or > 10 || !step.All(char.IsAsciiDigit) || (step.Length > 1 && step[0] == '0')
                || !uint.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                throw new FormatException($"step {k + 1} (\"{step}\") is not a decimal index without leading zeros");
            }

            indices[k] = index;
        }

        return Create(indices);
    }

    public static DerivationPath Create(IEnumerable<uint> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var array = indices.ToArray();
        if (array.Length > byte.MaxValue)
        {
            throw new FormatException("a derivation path has at most 255 steps");
        }

        foreach (var index in array)
        {
            if (index >= FirstHardenedIndex)
            {
                throw new FormatException($"index {index} is hardened (>= 2^31): a threshold key derives non-hardened children only (BIP-32 public derivation)");
            }
        }

        return new DerivationPath(array);
    }

    public override string ToString() => string.Join('/', _indices.Select(i => i.ToString(CultureInfo.InvariantCulture)).Prepend("m"));

    public bool Equals(DerivationPath? other) => other is not null && _indices.AsSpan().SequenceEqual(other._indices);

    public override bool Equals(object? obj) => Equals(obj as DerivationPath);

    public override int GetHashCode() => _indices.Aggregate(17, (h, i) => HashCode.Combine(h, i));
}
