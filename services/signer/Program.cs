using Custody.ServiceDefaults;
using Custody.ServiceDefaults.Authentication;
using Custody.Signer.Admin;
using Custody.Signer.Extensions;

// The signer (docs/signing.md "The signer"): runs in Confidential Space; consumes transaction-approved, checks the
// evidence itself, reserves the nonce, prices the transaction under the policy's fee cap, signs it by DKLs23 with
// co-signers that dial in to its coordination endpoint, and publishes transaction-signed through the outbox.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceAuthentication();
builder.AddSigner();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapSignerAdminApiV1();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
