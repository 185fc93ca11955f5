using Microsoft.Extensions.Configuration;

namespace Custody.AppHost;

/// <summary>
/// The loopback ports of the local stack: fixed offsets from one base (configuration <c>Stack:PortBase</c>, default
/// 18000), so that the CLI and a browser find every part at the same address each run (docs/running.md "Ports").
/// </summary>
internal sealed class StackPorts(int portBase)
{
    public int Base => portBase;

    public int PubSub => portBase + 85;

    public int Firestore => portBase + 86;

    public int Anvil => portBase + 545;

    public int OidcIssuer => portBase + 599;

    public int AttestationIssuer => portBase + 600;

    public int Intake => portBase + 80;

    public int Policy => portBase + 81;

    public int Signer => portBase + 82;

    public int SignerCoordinator => portBase + 443;

    public int Cosigner(int index) => portBase + 83 + index;

    public int Broadcaster => portBase + 90;

    /// <summary>The Aspire dashboard (its browser URL), its OTLP receiver and the AppHost's resource service: what the
    /// AppHost's launch profile sets for base 18000, and what `custody demo` sets when it starts the AppHost itself.</summary>
    public int Dashboard => portBase + 888;

    public int DashboardOtlp => portBase + 889;

    public int ResourceService => portBase + 890;

    public const int DefaultBase = 18000;

    public static StackPorts From(IConfiguration configuration)
    {
        var value = configuration["Stack:PortBase"] ?? DefaultBase.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var port) && IsValidBase(port)
            ? new StackPorts(port)
            : throw new InvalidOperationException($"Stack:PortBase must be a number from 1024 to 64000 (got \"{value}\").");
    }

    /// <summary>A base from which every offset above is still a user port.</summary>
    public static bool IsValidBase(int port) => port is >= 1024 and <= 64000;
}
