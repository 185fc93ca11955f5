using Custody.Intake.Apis;
using Custody.Intake.Extensions;
using Custody.ServiceDefaults;
using Custody.ServiceDefaults.Authentication;

// The intake service (docs/intake.md): validates transaction requests from Pub/Sub and HTTP.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceAuthentication();
builder.AddIntakeServices();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapTransactionsApiV1();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
