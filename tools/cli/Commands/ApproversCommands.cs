using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Custody.Contracts;

namespace Custody.Cli;

/// <summary>
/// <c>custody approvers keygen --out &lt;dir or file&gt;</c>: a P-256 approver key pair (docs/approvals.md). The private
/// key (PKCS#8 PEM) is created with mode 0600 from the start and never overwrites a file; the public key is
/// written next to it as PEM and printed as PEM and JWK.
/// </summary>
internal static class ApproversCommands
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "A directory (gets <id>.key.pem and <id>.pub.pem) or the private key file path.", Required = true };
        var id = new Option<string>("--id") { Description = "The approver id (used for file names and the JWK kid).", DefaultValueFactory = _ => "approver" };
        var keygen = new Command("keygen", "Generate an approver's ECDSA P-256 key pair.");
        keygen.Options.Add(output);
        keygen.Options.Add(id);
        keygen.SetAction(parse => Keygen(parse.GetValue(output)!, parse.GetValue(id)!));

        var approvers = new Command("approvers", "Approver keys.");
        approvers.Subcommands.Add(keygen);
        return approvers;
    }

    private static int Keygen(string output, string approverId)
    {
        if (OperatingSystem.IsWindows())
        {
            Console.Error.WriteLine("keygen needs a Unix file system to create the private key with mode 0600.");
            return KernelInput.Unreadable;
        }

        if (!WireFormat.IsId(approverId))
        {
            Console.Error.WriteLine("--id must be 1-128 characters of A-Z a-z 0-9 . _ : -");
            return KernelInput.Invalid;
        }

        var (privatePath, publicPath) = Directory.Exists(output) || output.EndsWith('/')
            ? (Path.Combine(output, approverId + ".key.pem"), Path.Combine(output, approverId + ".pub.pem"))
            : (output, output.EndsWith(".key.pem", StringComparison.Ordinal) ? output[..^8] + ".pub.pem" : output + ".pub.pem");

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicPem = key.ExportSubjectPublicKeyInfoPem();
        var privatePem = key.ExportPkcs8PrivateKeyPem().ToCharArray();
        var privateBytes = Encoding.ASCII.GetBytes(privatePem);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(privatePath))!);
            using (var stream = new FileStream(privatePath, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                stream.Write(privateBytes);
            }

            File.SetUnixFileMode(privatePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            using (var stream = new FileStream(publicPath, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(Encoding.ASCII.GetBytes(publicPem + "\n"));
            }
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"cannot write the key pair (existing files are never overwritten): {e.Message}");
            return KernelInput.Unreadable;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateBytes);
            CryptographicOperations.ZeroMemory(MemoryMarshalBytes(privatePem));
        }

        var point = key.ExportParameters(includePrivateParameters: false).Q;
        Console.WriteLine($"private key: {Path.GetFullPath(privatePath)} (mode 0600)");
        Console.WriteLine($"public key: {Path.GetFullPath(publicPath)}");
        Console.WriteLine(publicPem);
        KernelInput.WriteJson(w =>
        {
            w.WriteString("kty", "EC");
            w.WriteString("crv", "P-256");
            w.WriteString("kid", approverId);
            w.WriteString("x", Base64Url(point.X!));
            w.WriteString("y", Base64Url(point.Y!));
            w.WriteString("alg", "ES256");
            w.WriteString("use", "sig");
        });
        return 0;
    }

    private static Span<byte> MemoryMarshalBytes(char[] chars) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(chars.AsSpan());

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
