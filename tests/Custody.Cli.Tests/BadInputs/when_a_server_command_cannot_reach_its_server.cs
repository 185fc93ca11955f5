namespace Custody.Cli.Tests.BadInputs;

/// <summary>
/// What the commands that talk to a server share: a closed port and a port where something else listens each
/// fail in one line (<c>error: &lt;what&gt; at &lt;where&gt;: &lt;reason&gt;</c>, exit 3), with nothing on stdout.
/// </summary>
internal static class ServerRows
{
    public const string Refused = "connection refused (nothing listens there)";
    public const string NotGrpc = "the server there does not speak gRPC over HTTP/2 (protocol error)";

    public static Dictionary<string, string> Placeholders(NotAServer stray) => new() { ["{closed}"] = BadInput.ClosedPort(), ["{stray}"] = stray.Host };
}

/// <summary><c>custody audit verify</c>: bad arguments and unreachable or wrong servers.</summary>
public sealed class when_audit_verify_cannot_reach_firestore(NotAServer stray) : BadInputTableTests<when_audit_verify_cannot_reach_firestore>, IBadInputTable, IClassFixture<NotAServer>
{
    private static readonly Table Table = new(Rows());

    static Table IBadInputTable.All => Table;

    protected override IReadOnlyDictionary<string, string> Placeholders => ServerRows.Placeholders(stray);

    private static IEnumerable<(string Name, BadInput Row)> Rows()
    {
        BadInput Verify(int exit, string line, params string[] args) => new(["audit", "verify", .. args], exit, line);

        yield return ("closed port", Verify(3, $"error: Firestore emulator at {{closed}}: {ServerRows.Refused}", "--project", "audit-test", "--emulator-host", "{closed}"));
        yield return ("not a Firestore server", Verify(3, $"error: Firestore emulator at {{stray}}: {ServerRows.NotGrpc}", "--project", "audit-test", "--emulator-host", "{stray}"));
        yield return ("closed port, empty allowed", Verify(3, $"error: Firestore emulator at {{closed}}: {ServerRows.Refused}", "--project", "audit-test", "--emulator-host", "{closed}", "--allow-empty"));
        yield return ("not a server, other database", Verify(3, $"error: Firestore emulator at {{stray}}: {ServerRows.NotGrpc}", "--project", "audit-test", "--database", "audit-db", "--emulator-host", "{stray}"));
        yield return ("no project", Verify(1, "error: Option '--project' is required"));
        yield return ("project too short", Verify(1, "error: --project: must be a Google Cloud project id (6-30 lowercase letters, digits, hyphens)", "--project", "ab", "--emulator-host", "{closed}"));
        yield return ("project with capitals", Verify(1, "error: --project: must be a Google Cloud project id (6-30 lowercase letters, digits, hyphens)", "--project", "Audit-Test", "--emulator-host", "{closed}"));
        yield return ("host without port", Verify(1, "error: --emulator-host: must be host:port with a port in [1, 65535]", "--project", "audit-test", "--emulator-host", "localhost"));
        yield return ("host with port 0", Verify(1, "error: --emulator-host: must be host:port with a port in [1, 65535]", "--project", "audit-test", "--emulator-host", "127.0.0.1:0"));
        yield return ("host with port 99999", Verify(1, "error: --emulator-host: must be host:port with a port in [1, 65535]", "--project", "audit-test", "--emulator-host", "127.0.0.1:99999"));
        yield return ("host as a URL", Verify(1, "error: --emulator-host: must be host:port with a port in [1, 65535]", "--project", "audit-test", "--emulator-host", "http://127.0.0.1:8080"));
        yield return ("page size 0", Verify(1, "error: --page-size: must be an integer in [1, 10000]", "--project", "audit-test", "--page-size", "0"));
        yield return ("page size in words", Verify(1, "error: --page-size: must be an integer in [1, 10000]", "--project", "audit-test", "--page-size", "many"));
        yield return ("timeout negative", Verify(1, "error: --timeout: must be an integer in [1, 3600]", "--project", "audit-test", "--timeout", "-5"));
        yield return ("an unknown option", Verify(1, "error: Unrecognized command or argument '--all'", "--project", "audit-test", "--all"));
    }
}

/// <summary><c>custody bench pubsub</c>: bad arguments and unreachable or wrong servers.</summary>
public sealed class when_bench_pubsub_cannot_reach_pubsub(NotAServer stray) : BadInputTableTests<when_bench_pubsub_cannot_reach_pubsub>, IBadInputTable, IClassFixture<NotAServer>
{
    private static readonly Table Table = new(Rows());

    static Table IBadInputTable.All => Table;

    protected override IReadOnlyDictionary<string, string> Placeholders => ServerRows.Placeholders(stray);

    private static IEnumerable<(string Name, BadInput Row)> Rows()
    {
        BadInput Bench(int exit, string line, params string[] args) => new(["bench", "pubsub", "--messages", "5", .. args], exit, line);

        yield return ("closed port", Bench(3, $"error: Pub/Sub emulator at {{closed}}: {ServerRows.Refused}", "--emulator-host", "{closed}"));
        yield return ("not a Pub/Sub server", Bench(3, $"error: Pub/Sub emulator at {{stray}}: {ServerRows.NotGrpc}", "--emulator-host", "{stray}"));
        yield return ("closed port, paced", Bench(3, $"error: Pub/Sub emulator at {{closed}}: {ServerRows.Refused}", "--emulator-host", "{closed}", "--rate", "10"));
        yield return ("not a server, large messages", Bench(3, $"error: Pub/Sub emulator at {{stray}}: {ServerRows.NotGrpc}", "--emulator-host", "{stray}", "--size", "100000"));
        yield return ("host without port", Bench(1, "error: --emulator-host: must be host:port with a port in [1, 65535]", "--emulator-host", "localhost"));
        yield return ("host with a path", Bench(1, "error: --emulator-host: must be host:port with a port in [1, 65535]", "--emulator-host", "127.0.0.1:8085/v1"));
        yield return ("zero messages", new BadInput(["bench", "pubsub", "--messages", "0"], 1, "error: --messages: must be an integer in [1, 10000000]"));
        yield return ("negative messages", new BadInput(["bench", "pubsub", "--messages", "-1"], 1, "error: --messages: must be an integer in [1, 10000000]"));
        yield return ("messages in words", new BadInput(["bench", "pubsub", "--messages", "lots"], 1, "error: --messages: must be an integer in [1, 10000000]"));
        yield return ("messages over int", new BadInput(["bench", "pubsub", "--messages", "99999999999"], 1, "error: --messages: must be an integer in [1, 10000000]"));
        yield return ("size 0", Bench(1, "error: --size: must be an integer in [1, 1000000]", "--size", "0"));
        yield return ("size too large", Bench(1, "error: --size: must be an integer in [1, 1000000]", "--size", "1000001"));
        yield return ("rate negative", Bench(1, "error: --rate: must be an integer in [0, 1000000]", "--rate", "-1"));
        yield return ("rate a fraction", Bench(1, "error: --rate: must be an integer in [0, 1000000]", "--rate", "1.5"));
        yield return ("an unknown option", Bench(1, "error: Unrecognized command or argument '--topic'", "--topic", "x"));
    }
}

/// <summary><c>custody bench firestore</c>: bad arguments and unreachable or wrong servers.</summary>
public sealed class when_bench_firestore_cannot_reach_firestore(NotAServer stray) : BadInputTableTests<when_bench_firestore_cannot_reach_firestore>, IBadInputTable, IClassFixture<NotAServer>
{
    private static readonly Table Table = new(Rows());

    static Table IBadInputTable.All => Table;

    protected override IReadOnlyDictionary<string, string> Placeholders => ServerRows.Placeholders(stray);

    private static IEnumerable<(string Name, BadInput Row)> Rows()
    {
        BadInput Bench(int exit, string line, params string[] args) => new(["bench", "firestore", "--no-pubsub", "--transactions", "5", "--outbox-messages", "5", .. args], exit, line);

        yield return ("closed port", Bench(3, $"error: Firestore emulator at {{closed}}: {ServerRows.Refused}", "--emulator-host", "{closed}"));
        yield return ("not a Firestore server", Bench(3, $"error: Firestore emulator at {{stray}}: {ServerRows.NotGrpc}", "--emulator-host", "{stray}"));
        yield return ("closed port, raw contention", Bench(3, $"error: Firestore emulator at {{closed}}: {ServerRows.Refused}", "--emulator-host", "{closed}", "--no-local-gates"));
        yield return ("not a server, one worker", Bench(3, $"error: Firestore emulator at {{stray}}: {ServerRows.NotGrpc}", "--emulator-host", "{stray}", "--workers", "1"));
        yield return ("host without port", Bench(1, "error: --emulator-host: must be host:port with a port in [1, 65535]", "--emulator-host", "localhost"));
        yield return ("Pub/Sub host without port", new BadInput(["bench", "firestore", "--emulator-host", "{closed}", "--pubsub-emulator-host", "pubsub"], 1, "error: --pubsub-emulator-host: must be host:port with a port in [1, 65535]"));
        yield return ("workers 0", Bench(1, "error: --workers: must be comma-separated integers in [1, 256]", "--workers", "0"));
        yield return ("workers too many", Bench(1, "error: --workers: must be comma-separated integers in [1, 256]", "--workers", "8,257"));
        yield return ("workers in words", Bench(1, "error: --workers: must be comma-separated integers in [1, 256]", "--workers", "eight"));
        yield return ("workers empty", Bench(1, "error: --workers: must be comma-separated integers in [1, 256]", "--workers", ""));
        yield return ("workers negative", Bench(1, "error: --workers: must be comma-separated integers in [1, 256]", "--workers", "-8"));
        yield return ("transactions 0", new BadInput(["bench", "firestore", "--transactions", "0"], 1, "error: --transactions: must be an integer in [1, 100000]"));
        yield return ("outbox messages too many", new BadInput(["bench", "firestore", "--outbox-messages", "100001"], 1, "error: --outbox-messages: must be an integer in [1, 100000]"));
        yield return ("transactions in hex", new BadInput(["bench", "firestore", "--transactions", "0x10"], 1, "error: --transactions: must be an integer in [1, 100000]"));
        yield return ("an unknown option", Bench(1, "error: Unrecognized command or argument '--database'", "--database", "x"));
    }
}
