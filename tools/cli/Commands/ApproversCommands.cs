using System.CommandLine;
using System.Security.Cryptography;
using Custody.Contracts;

namespace Custody.Cli;

/// <summary>
/// <c>custody approvers keygen --out &lt;dir&gt;</c>: a P-256 approver key pair (docs/approvals.md). The key pair is
/// written as &lt;id&gt;.key.pem (PKCS#8, mode 0600 from the start) and &lt;id&gt;.pub.pem in the directory, which is
/// created with mode 0700 when it does not exist; a path ending in <c>.key.pem</c> names the private key file
/// itself. Existing files are never overwritten, and a failure leaves no file behind. Approvers sign the
/// approval digest (docs/approvals.md), which binds the request id, the intent hash, the policy id, the decision
/// and the expiry.
/// </summary>
internal static class ApproversCommands
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "A directory (gets <id>.key.pem and <id>.pub.pem; created 0700 if missing), or a path ending in .key.pem.", Required = true };
        var id = new Option<string>("--id") { Description = "The approver id (used for file names and the JWK kid).", DefaultValueFactory = _ => "approver" };
        var keygen = new Command("keygen", "Generate an approver's ECDSA P-256 key pair. The approver signs approval digests with it: SHA-256 over the request id, the intent hash, the policy id, the decision and the expiry.");
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
            Console.Error.WriteLine("error: keygen needs a Unix file system to create the private key with mode 0600");
            return ExitCodes.Unreadable;
        }

        if (!WireFormat.IsId(approverId))
        {
            Console.Error.WriteLine("error: --id: must be 1-128 characters of A-Z a-z 0-9 . _ : -");
            return ExitCodes.Invalid;
        }

        if (string.IsNullOrWhiteSpace(output) || output.Contains('\0', StringComparison.Ordinal))
        {
            Console.Error.WriteLine("error: --out: must name a directory or a file ending in .key.pem");
            return ExitCodes.Invalid;
        }

        var (directory, privatePath, publicPath) = output.EndsWith(".key.pem", StringComparison.Ordinal)
            ? (Path.GetDirectoryName(Path.GetFullPath(output))!, output, output[..^8] + ".pub.pem")
            : (output, Path.Combine(output, approverId + ".key.pem"), Path.Combine(output, approverId + ".pub.pem"));
        if (File.Exists(directory))
        {
            Console.Error.WriteLine($"error: cannot write the key pair to {directory}: it is a file, not a directory");
            return ExitCodes.Unreadable;
        }

        ECParameters parameters;
        string publicPem;
        try
        {
            parameters = ApproverKeyFiles.Write(directory, privatePath, publicPath, out publicPem);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e switch
            {
                UnauthorizedAccessException => "permission denied",
                DirectoryNotFoundException or FileNotFoundException => "the folder cannot be created there (a parent is missing, is a file, or takes no new entries)",
                IOException when File.Exists(privatePath) || File.Exists(publicPath) => "a key file of that name exists (existing files are never overwritten)",
                _ => e.Message,
            };
            Console.Error.WriteLine($"error: cannot write the key pair to {directory}: {reason}");
            return ExitCodes.Unreadable;
        }

        var point = parameters.Q;
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

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
