namespace Custody.Cli.Tests.BadInputs;

/// <summary>
/// <c>custody approvers keygen --out &lt;dir&gt; --id &lt;name&gt;</c>: bad ids, paths that are files, unwritable or taken
/// are refused with their exact first line, and no key file is left behind.
/// </summary>
public sealed class when_approvers_keygen_is_given_bad_input : BadInputTableTests<when_approvers_keygen_is_given_bad_input>, IBadInputTable
{
    private const string IdRule = "error: --id: must be 1-128 characters of A-Z a-z 0-9 . _ : -";

    private static readonly Table Table = new(Rows());

    static Table IBadInputTable.All => Table;

    private static IEnumerable<(string Name, BadInput Row)> Rows()
    {
        BadInput Keygen(string output, string id, int exit, string line) => new(["approvers", "keygen", "--out", output, "--id", id], exit, line);

        yield return ("id with a path", Keygen("{dir}", "../escape", 1, IdRule));
        yield return ("empty id", Keygen("{dir}", "", 1, IdRule));
        yield return ("id with a space", Keygen("{dir}", "a b", 1, IdRule));
        yield return ("id too long", Keygen("{dir}", new string('a', 129), 1, IdRule));
        yield return ("id not ASCII", Keygen("{dir}", "caf\u00e9", 1, IdRule));
        yield return ("id with a control character", Keygen("{dir}", "a\u0001", 1, IdRule));
        yield return ("empty --out", Keygen("", "alice", 1, "error: --out: must name a directory or a file ending in .key.pem"));
        yield return ("no --out", new BadInput(["approvers", "keygen", "--id", "alice"], 1, "error: Option '--out' is required"));
        yield return ("--out is a file", Keygen("{dir}/notes.txt", "alice", 2, "error: cannot write the key pair to {dir}/notes.txt: it is a file, not a directory").With("notes.txt", "keep"));
        yield return ("--out under a file", Keygen("{dir}/notes.txt/keys", "alice", 2, "error: cannot write the key pair to {dir}/notes.txt/keys: the folder cannot be created there (a parent is missing, is a file, or takes no new entries)").With("notes.txt", "keep"));
        yield return ("--out is a device", Keygen("/dev/null", "alice", 2, "error: cannot write the key pair to /dev/null: it is a file, not a directory"));
        yield return ("--out in a read-only file system", Keygen("/proc/custody-keys", "alice", 2, "error: cannot write the key pair to /proc/custody-keys: the folder cannot be created there (a parent is missing, is a file, or takes no new entries)"));
        yield return ("private key exists", Keygen("{dir}", "alice", 2, "error: cannot write the key pair to {dir}: a key file of that name exists (existing files are never overwritten)").With("alice.key.pem", "old"));
        yield return ("public key exists", Keygen("{dir}", "alice", 2, "error: cannot write the key pair to {dir}: a key file of that name exists (existing files are never overwritten)").With("alice.pub.pem", "old"));
        yield return ("named private key exists", Keygen("{dir}/bob.key.pem", "bob", 2, "error: cannot write the key pair to {dir}: a key file of that name exists (existing files are never overwritten)").With("bob.key.pem", "old"));
        yield return ("an unknown option", new BadInput(["approvers", "keygen", "--out", "{dir}", "--force"], 1, "error: Unrecognized command or argument '--force'"));
    }


    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task a_missing_out_folder_is_created_owner_only_and_holds_the_key_pair()
    {
        using var dir = new TempDirectory();
        var folder = Path.Combine(dir.Path, "keys", "alice");

        var result = await CustodyCli.RunAsync("approvers", "keygen", "--out", folder, "--id", "alice");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.True(File.Exists(Path.Combine(folder, "alice.key.pem")));
        Assert.True(File.Exists(Path.Combine(folder, "alice.pub.pem")));
        Assert.False(File.Exists(folder + ".pub.pem"));
    }
}
