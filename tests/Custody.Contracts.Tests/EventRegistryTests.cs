using System.Text.Json;
using System.Text.RegularExpressions;
using Custody.Contracts.Approvals;
using Custody.Contracts.Events;

namespace Custody.Contracts.Tests;

public sealed class when_the_messaging_layer_resolves_wire_names
{
    [Fact]
    public void every_event_type_in_the_contracts_assembly_is_registered()
    {
        var eventTypes = typeof(ICustodyEvent).Assembly.GetTypes()
            .Where(t => t.IsClass && typeof(ICustodyEvent).IsAssignableFrom(t)).ToHashSet();
        Assert.Equal(10, eventTypes.Count);
        Assert.Equal(eventTypes, EventRegistry.All.Select(r => r.Type).ToHashSet());
    }

    [Fact]
    public void wire_names_are_unique_stable_and_end_with_the_schema_version()
    {
        Assert.Equal(EventRegistry.All.Count, EventRegistry.All.Select(r => r.WireName).Distinct().Count());
        foreach (var registration in EventRegistry.All)
        {
            Assert.Matches(new Regex(@"^custody\.transaction\.[a-z-]+\.v\d+$"), registration.WireName);
            Assert.EndsWith($".v{registration.SchemaVersion}", registration.WireName, StringComparison.Ordinal);
            Assert.DoesNotContain(registration.Type.Name, registration.WireName, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void the_wire_name_of_a_requested_event_is_fixed() =>
        Assert.Equal("custody.transaction.requested.v1", EventRegistry.WireNameOf<TransactionRequested>());

    [Fact]
    public void an_unknown_or_differently_cased_wire_name_resolves_to_nothing()
    {
        Assert.False(EventRegistry.TryGetTypeInfo("custody.transaction.requested.v2", out _));
        Assert.False(EventRegistry.TryGetTypeInfo("Custody.Transaction.Requested.V1", out _));
        Assert.False(EventRegistry.TryGetTypeInfo("TransactionRequested", out _));
    }

    [Fact]
    public void an_approved_event_round_trips_through_the_type_info_found_by_wire_name()
    {
        var request = new TransactionRequested(
            "req-9", "w", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", 11155111, "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "42", "0x", "svc", new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero));
        var approval = new SignedApproval("alice", "req-9", "0x" + new string('a', 64), "0x" + new string('b', 64), "APPROVE",
            new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), "0x" + new string('c', 128));
        var approved = new TransactionApproved("req-9", request, "0x" + new string('a', 64),
            new ApprovalEvidence("0x" + new string('b', 64), "rule-1", [approval], request.RequestedAt), request.RequestedAt);

        Assert.True(EventRegistry.TryGetTypeInfo(EventRegistry.WireNameOf(typeof(TransactionApproved)), out var typeInfo));
        var json = JsonSerializer.Serialize(approved, typeInfo);
        var back = (TransactionApproved)JsonSerializer.Deserialize(json, typeInfo)!;

        Assert.Contains("\"requestId\":\"req-9\"", json, StringComparison.Ordinal);
        Assert.Equal(approved.Request, back.Request);
        Assert.Equal(approval, Assert.Single(back.Evidence.Approvals));
    }

    [Fact]
    public void a_replacement_request_carries_whether_new_approvals_are_needed_under_stable_names()
    {
        var requested = new TransactionReplacementRequested("req-9", "w", 31337, "4", "0x" + new string('a', 64), "2250000000", "1125000000",
            true, "fee-above-cap: over 2100000000", 1, new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));
        Assert.True(EventRegistry.TryGetTypeInfo("custody.transaction.replacement-requested.v1", out var typeInfo));

        var json = JsonSerializer.Serialize(requested, typeInfo);
        var back = (TransactionReplacementRequested)JsonSerializer.Deserialize(json, typeInfo)!;

        Assert.Contains("\"requiresNewApproval\":true", json, StringComparison.Ordinal);
        Assert.Contains("\"approvalReason\":\"fee-above-cap: over 2100000000\"", json, StringComparison.Ordinal);
        Assert.Contains("\"stuckTransactionHash\":", json, StringComparison.Ordinal);
        Assert.Equal(requested, back);
    }

    [Fact]
    public void an_unregistered_type_has_no_wire_name() =>
        Assert.Throws<ArgumentException>(() => EventRegistry.WireNameOf(typeof(SignedApproval)));
}
