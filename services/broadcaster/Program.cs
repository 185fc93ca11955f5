using Custody.Broadcaster.Extensions;
using Custody.ServiceDefaults;

// The broadcaster (docs/broadcaster.md): consumes transaction-signed in nonce order per wallet, submits the signed
// transaction to the node, tracks its receipt to the configured confirmations across reorgs and restarts, and
// publishes transaction-broadcast, transaction-confirmed, transaction-failed or transaction-replacement-requested.
// It holds no key: it only relays bytes the signer and co-signers signed.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddBroadcaster();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
