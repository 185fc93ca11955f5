using System.Text.Json.Serialization.Metadata;

namespace Custody.Contracts;

/// <summary>One registered event: wire name, schema version, CLR type and source-generated JSON metadata.</summary>
public sealed record EventRegistration(string WireName, int SchemaVersion, Type Type, JsonTypeInfo TypeInfo);
