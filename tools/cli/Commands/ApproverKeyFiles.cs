using System.Security.Cryptography;
using System.Text;

namespace Custody.Cli;

/// <summary>
/// Writes an approver's fresh P-256 key pair (docs/approvals.md "Keys"): the private key as PKCS#8 PEM, created with
/// mode 0600 from the start, and the public key as SubjectPublicKeyInfo PEM. Existing files are never overwritten and
/// a failure leaves no private key behind. Used by `custody approvers keygen` and the local stack's files.
/// </summary>
internal static class ApproverKeyFiles
{
    /// <summary>Writes both files (the folder is created 0700 when missing); returns the public key. Throws IOException or UnauthorizedAccessException.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static ECParameters Write(string directory, string privatePath, string publicPath, out string publicPem)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        publicPem = key.ExportSubjectPublicKeyInfoPem();
        var privatePem = key.ExportPkcs8PrivateKeyPem().ToCharArray();
        var privateBytes = Encoding.ASCII.GetBytes(privatePem);
        var wrotePrivate = false;
        try
        {
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            if (File.Exists(publicPath))
            {
                throw new IOException($"{publicPath} exists");
            }

            using (var stream = new FileStream(privatePath, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                wrotePrivate = true;
                stream.Write(privateBytes);
            }

            File.SetUnixFileMode(privatePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            using (var stream = new FileStream(publicPath, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(Encoding.ASCII.GetBytes(publicPem + "\n"));
            }

            return key.ExportParameters(includePrivateParameters: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (wrotePrivate)
            {
                File.Delete(privatePath);
            }

            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateBytes);
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(privatePem.AsSpan()));
        }
    }
}
