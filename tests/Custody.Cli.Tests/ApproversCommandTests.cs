using System.Security.Cryptography;
using System.Text.Json;
using Custody.Contracts.Approvals;
using Custody.Domain.Approvals;
using Custody.Domain.Hashing;

namespace Custody.Cli.Tests;

public sealed class when_an_approver_generates_a_key : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task the_private_key_is_owner_only_and_the_public_key_verifies_its_approvals()
    {
        var result = await CustodyCli.RunAsync("approvers", "keygen", "--out", _dir.Path, "--id", "alice");
        Assert.Equal(0, result.ExitCode);

        var privatePath = Path.Combine(_dir.Path, "alice.key.pem");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privatePath));

        using var signer = ECDsa.Create();
        signer.ImportFromPem(File.ReadAllText(privatePath));
        var publicKey = ApproverKey.FromPem("alice", File.ReadAllText(Path.Combine(_dir.Path, "alice.pub.pem")));
        var approval = ApprovalSigner.Sign(signer, "alice", "req-1", Hash32.Create(new byte[32]), Hash32.Create(new byte[32]),
            ApprovalDecision.Approve, DateTimeOffset.FromUnixTimeSeconds(2_000_000_000));
        Assert.True(publicKey.Verify(
            ApprovalDigest.Compute("req-1", Hash32.Create(new byte[32]), Hash32.Create(new byte[32]), ApprovalDecision.Approve, approval.ExpiresAt),
            Convert.FromHexString(approval.Signature[2..])));
        Assert.DoesNotContain("PRIVATE", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_printed_jwk_is_the_public_key()
    {
        var result = await CustodyCli.RunAsync("approvers", "keygen", "--out", Path.Combine(_dir.Path, "bob.key.pem"), "--id", "bob");
        Assert.Equal(0, result.ExitCode);
        var jwk = JsonDocument.Parse(result.Stdout[result.Stdout.IndexOf('{', StringComparison.Ordinal)..]).RootElement;
        Assert.Equal(("EC", "P-256", "bob"), (jwk.GetProperty("kty").GetString(), jwk.GetProperty("crv").GetString(), jwk.GetProperty("kid").GetString()));

        using var fromPem = ECDsa.Create();
        fromPem.ImportFromPem(File.ReadAllText(Path.Combine(_dir.Path, "bob.pub.pem")));
        var q = fromPem.ExportParameters(false).Q;
        Assert.Equal(System.Buffers.Text.Base64Url.EncodeToString(q.X), jwk.GetProperty("x").GetString());
        Assert.Equal(System.Buffers.Text.Base64Url.EncodeToString(q.Y), jwk.GetProperty("y").GetString());
    }

    [Fact]
    public async Task an_existing_key_is_never_overwritten()
    {
        var first = await CustodyCli.RunAsync("approvers", "keygen", "--out", _dir.Path, "--id", "carol");
        var before = File.ReadAllText(Path.Combine(_dir.Path, "carol.key.pem"));
        var second = await CustodyCli.RunAsync("approvers", "keygen", "--out", _dir.Path, "--id", "carol");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(2, second.ExitCode);
        Assert.Equal(before, File.ReadAllText(Path.Combine(_dir.Path, "carol.key.pem")));
    }

    [Fact]
    public async Task a_bad_approver_id_is_refused() =>
        Assert.Equal(1, (await CustodyCli.RunAsync("approvers", "keygen", "--out", _dir.Path, "--id", "../escape")).ExitCode);
}
