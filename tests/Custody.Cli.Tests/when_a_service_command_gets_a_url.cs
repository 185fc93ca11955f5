namespace Custody.Cli.Tests;

/// <summary>
/// The service commands' shared <c>--url</c> (ServiceClient.Url) and <c>custody approve --server</c>: a URL given on the command line is used (here it
/// reaches a port where no service answers), and one that is not a URL is a one-line usage error, never an internal
/// error.
/// </summary>
public sealed class when_a_service_command_gets_a_url(NotAServer notAServer) : IClassFixture<NotAServer>
{
    [Fact]
    public async Task a_given_url_is_dialled_and_its_answer_reported_in_one_line()
    {
        var result = await CustodyCli.RunAsync("keygen", "--wallet", "w1", "--threshold", "2", "--parties", "signer,cosigner-a", "--url", $"http://{notAServer.Host}", "--token", "t");

        // The stray server's 400 is a refusal (exit 2), as for every service command.
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: 400", result.Stderr.Split('\n').Last(l => l.Length > 0), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_url_that_is_not_one_is_a_usage_error()
    {
        var result = await CustodyCli.RunAsync("requests", "show", "req-1", "--url", "not a url", "--token", "t");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--url must be an absolute http(s) URL", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task approve_parses_its_server_url_and_refuses_one_that_is_not_one()
    {
        var given = await CustodyCli.RunAsync("approve", "req-1", "--key", "/nonexistent/alice.key.pem", "--server", $"http://{notAServer.Host}/", "--yes");
        var wrong = await CustodyCli.RunAsync("approve", "req-1", "--key", "/nonexistent/alice.key.pem", "--server", "not a url", "--yes");

        // A URL is parsed (the command goes on to its key file); it was an internal error (exit 70) before.
        Assert.DoesNotContain("internal error", given.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(70, given.ExitCode);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("--server must be an absolute http(s) URL", wrong.Stderr, StringComparison.Ordinal);
    }
}
