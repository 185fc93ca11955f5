using System.Net;
using System.Net.Sockets;

namespace Custody.Cli.Tests;

/// <summary>
/// A resource of the stack that fails (here the broadcaster, whose port is taken) ends the demo at once with the
/// resource's name and reason, instead of waiting out the ready deadline; everything else is stopped.
/// </summary>
[Collection(StackSessions.Collection)]
public sealed class when_a_part_of_the_stack_cannot_start
{
    private const int PortBase = 26000;

    [Fact]
    public async Task the_demo_fails_naming_the_resource_and_its_last_lines_and_leaves_no_process()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, PortBase + 90); // the broadcaster's port
        squatter.Start();

        var result = await CustodyCli.RunAsync(TimeSpan.FromMinutes(15), new Dictionary<string, string>(), "demo", "--port-base", PortBase.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}{Environment.NewLine}{result.Stderr}{Environment.NewLine}{result.Stdout}");
        Assert.Contains("demo failed: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("broadcaster failed (exit code", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Key ceremony", result.Stdout, StringComparison.Ordinal);
        var sessions = StackSessions.In(result.Stdout);
        Assert.NotEmpty(sessions);
        Assert.Empty(await StackSessions.AliveAsync(sessions));
    }
}
