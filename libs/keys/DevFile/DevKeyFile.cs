using System.Security.Cryptography;
using System.Text;

namespace Custody.Keys.DevFile;

/// <summary>The 32-byte dev key file: created with mode 0600, refused when group/other can access it.</summary>
internal static class DevKeyFile
{
    private const int KeySize = 32;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static SecretBytes LoadOrCreate(string path, bool createIfMissing)
    {
        if (!File.Exists(path))
        {
            if (!createIfMissing)
            {
                throw new FileNotFoundException($"The dev key file {path} does not exist (Keys:DevFile:CreateIfMissing is false).", path);
            }

            TryCreate(path);
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOther) != 0)
        {
            throw new InvalidOperationException($"The dev key file {path} is accessible by group or others; run chmod 600 on it.");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
        if (stream.Length != KeySize)
        {
            throw new InvalidOperationException($"The dev key file {path} must hold exactly {KeySize} bytes.");
        }

        var key = SecretBytes.Allocate(KeySize);
        try
        {
            stream.ReadExactly(key.WritableSpan);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>First 16 bytes of SHA-256("custody/keys/v1/dev-key-fingerprint" | key), hex.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> key)
    {
        var tag = Encoding.ASCII.GetBytes("custody/keys/v1/dev-key-fingerprint");
        Span<byte> input = stackalloc byte[tag.Length + key.Length];
        tag.CopyTo(input);
        key.CopyTo(input[tag.Length..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        CryptographicOperations.ZeroMemory(input);
        return Convert.ToHexStringLower(hash[..16]);
    }

    private static void TryCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var key = SecretBytes.Random(KeySize);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(key.Span);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs (LoadOrCreate reads it next).
        }
    }
}
