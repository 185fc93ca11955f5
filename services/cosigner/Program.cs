using Custody.Cosigner.Extensions;
using Custody.ServiceDefaults;

// A co-signer (docs/signing.md): one MPC party run by its own operator. It dials out to the signer's coordination
// endpoint, checks every signing request itself, and signs only what its own policies and approvers allow.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCosigner();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

/// <summary>The entry point, visible to the tests' host.</summary>
public partial class Program;
