using Custody.Policy.Approvals;
using Custody.Policy.Extensions;
using Custody.ServiceDefaults;
using Custody.ServiceDefaults.Authentication;

// The policy service (README "Running the policy service"): consumes transaction-validated, decides with the
// policy file, collects approvals through the approvals API, expires what is not approved in time.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceAuthentication();
builder.AddPolicyService();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapApprovalsApiV1();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
