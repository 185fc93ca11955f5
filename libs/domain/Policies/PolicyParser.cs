using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using Custody.Contracts.Json;
using Custody.Domain.Hashing;
using Custody.Ethereum;

namespace Custody.Domain.Policies;

/// <summary>
/// Reads and validates a policy file (docs/policy.md). Every problem is reported with its JSON path; a
/// policy with any problem is refused as a whole.
/// </summary>
public static class PolicyParser
{
    /// <summary>Longest REQUIRE_APPROVAL window: 30 days.</summary>
    public const long MaxExpirySeconds = 30L * 24 * 3600;

    /// <summary>Longest velocity window: 366 days.</summary>
    public const long MaxWindowSeconds = 366L * 24 * 3600;

    public static Policy Parse(string json) =>
        TryParse(json, out var policy, out var errors) ? policy! : throw new PolicyValidationException(errors);

    public static bool TryParse(string json, out Policy? policy, out IReadOnlyList<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(json);
        policy = null;
        var document = JsonSyntax.TryParse(json, InputLimits.Policy, out var syntaxError);
        if (document is null)
        {
            errors = [new PolicyError(syntaxError!.Path, syntaxError.Reason)];
            return false;
        }

        using (document)
        {
            var canonical = CanonicalJson.TryWrite(document.RootElement, out var canonicalError);
            if (canonical is null)
            {
                errors = [canonicalError!];
                return false;
            }

            var reader = new PolicyJsonReader();
            policy = Read(document.RootElement, Hash32.Create(SHA256.HashData(canonical)), reader);
            errors = reader.Errors;
            if (errors.Count > 0)
            {
                policy = null;
            }

            return policy is not null;
        }
    }

    private static Policy? Read(JsonElement root, Hash32 id, PolicyJsonReader r)
    {
        if (!r.Object(root, "$", ["version", "name", "addressBooks", "approverGroups", "feeCaps", "rules"], "version", "rules"))
        {
            return null;
        }

        var version = root.GetProperty("version");
        if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != Policy.FormatVersion)
        {
            r.Fail("$.version", $"must be {Policy.FormatVersion}, the only policy format version this code understands");
        }

        var name = PolicyJsonReader.TryMember(root, "name", out var nameElement) ? r.Text(nameElement, "$.name") : null;
        var books = ReadNamedLists(root, "addressBooks", r, r.AddressList)
            .ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToFrozenSet(), StringComparer.Ordinal);
        var groups = ReadNamedLists(root, "approverGroups", r, r.IdList)
            .ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray(), StringComparer.Ordinal);
        var feeCaps = FeeCapReader.Read(root, r);

        var rulesElement = root.GetProperty("rules");
        if (rulesElement.ValueKind != JsonValueKind.Array)
        {
            r.Fail("$.rules", "must be an array");
            return null;
        }

        var rules = ImmutableArray.CreateBuilder<PolicyRule>();
        var ruleIds = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in rulesElement.EnumerateArray())
        {
            var path = $"$.rules[{index++}]";
            if (ReadRule(element, path, books, groups, r) is { } rule)
            {
                if (!ruleIds.Add(rule.Id))
                {
                    r.Fail($"{path}.id", $"duplicate rule id \"{rule.Id}\"");
                }

                rules.Add(rule);
            }
        }

        return r.Errors.Count == 0 ? new Policy(id, name, books, groups, rules.ToImmutable(), feeCaps) : null;
    }

    private static Dictionary<string, List<T>> ReadNamedLists<T>(
        JsonElement root, string member, PolicyJsonReader r, Func<JsonElement, string, List<T>?> readList)
    {
        var result = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        if (!PolicyJsonReader.TryMember(root, member, out var element))
        {
            return result;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            r.Fail($"$.{member}", "must be an object of name -> array");
            return result;
        }

        foreach (var property in element.EnumerateObject())
        {
            var path = $"$.{member}.{property.Name}";
            if (!Contracts.WireFormat.IsId(property.Name))
            {
                r.Fail(path, "the name must be an id: characters of A-Z a-z 0-9 . _ : -");
                continue;
            }

            if (readList(property.Value, path) is { } list)
            {
                result[property.Name] = list;
            }
        }

        return result;
    }

    private static PolicyRule? ReadRule(
        JsonElement element, string path, FrozenDictionary<string, FrozenSet<Address>> books,
        FrozenDictionary<string, ImmutableArray<string>> groups, PolicyJsonReader r)
    {
        if (!r.Object(element, path, ["id", "description", "when", "action"], "id", "action"))
        {
            return null;
        }

        var id = r.Id(element.GetProperty("id"), $"{path}.id");
        var description = PolicyJsonReader.TryMember(element, "description", out var d) ? r.Text(d, $"{path}.description") : null;
        var when = PolicyJsonReader.TryMember(element, "when", out var w)
            ? RuleConditionReader.Read(w, $"{path}.when", books, r)
            : RuleCondition.Any;
        var action = ReadAction(element.GetProperty("action"), $"{path}.action", groups, r);
        return id is null || when is null || action is null ? null : new PolicyRule(id, description, when, action);
    }

    private static RuleAction? ReadAction(
        JsonElement element, string path, FrozenDictionary<string, ImmutableArray<string>> groups, PolicyJsonReader r)
    {
        if (!PolicyJsonReader.TryMember(element, "type", out var typeElement))
        {
            r.Object(element, path, ["type", "groups", "mandatory", "expirySeconds"], "type");
            return null;
        }

        switch (typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString() : null)
        {
            case "ALLOW":
                return r.Object(element, path, ["type"]) ? RuleAction.Allow : null;
            case "BLOCK":
                return r.Object(element, path, ["type"]) ? RuleAction.Block : null;
            case "REQUIRE_APPROVAL":
                return ReadRequirement(element, path, groups, r) is { } requirement
                    ? new RuleAction(PolicyDecisionKind.RequireApproval, requirement)
                    : null;
            default:
                r.Fail($"{path}.type", "must be ALLOW, BLOCK or REQUIRE_APPROVAL");
                return null;
        }
    }

    private static ApprovalRequirement? ReadRequirement(
        JsonElement element, string path, FrozenDictionary<string, ImmutableArray<string>> groups, PolicyJsonReader r)
    {
        if (!r.Object(element, path, ["type", "groups", "mandatory", "expirySeconds"], "expirySeconds"))
        {
            return null;
        }

        var errorsBefore = r.Errors.Count;
        var expiry = r.Integer(element.GetProperty("expirySeconds"), $"{path}.expirySeconds", 60, MaxExpirySeconds);
        var quorums = ImmutableArray.CreateBuilder<GroupQuorum>();
        if (PolicyJsonReader.TryMember(element, "groups", out var groupsElement))
        {
            if (groupsElement.ValueKind != JsonValueKind.Array || groupsElement.GetArrayLength() == 0)
            {
                r.Fail($"{path}.groups", "must be a non-empty array of {group, quorum}");
            }
            else
            {
                var index = 0;
                foreach (var item in groupsElement.EnumerateArray())
                {
                    ReadQuorum(item, $"{path}.groups[{index++}]", groups, quorums, r);
                }
            }
        }

        var mandatory = PolicyJsonReader.TryMember(element, "mandatory", out var m) ? r.IdList(m, $"{path}.mandatory") : [];
        if (quorums.Count == 0 && mandatory is { Count: 0 } && r.Errors.Count == errorsBefore)
        {
            r.Fail(path, "REQUIRE_APPROVAL needs at least one group quorum or mandatory approver");
        }

        return r.Errors.Count == errorsBefore && expiry is { } seconds && mandatory is not null
            ? new ApprovalRequirement(quorums.ToImmutable(), [.. mandatory], TimeSpan.FromSeconds(seconds))
            : null;
    }

    private static void ReadQuorum(
        JsonElement item, string path, FrozenDictionary<string, ImmutableArray<string>> groups,
        ImmutableArray<GroupQuorum>.Builder quorums, PolicyJsonReader r)
    {
        if (!r.Object(item, path, ["group", "quorum"], "group", "quorum"))
        {
            return;
        }

        var name = r.Id(item.GetProperty("group"), $"{path}.group");
        if (name is null)
        {
            return;
        }

        if (!groups.TryGetValue(name, out var members))
        {
            r.Fail($"{path}.group", $"unknown approver group \"{name}\" (not in $.approverGroups)");
            return;
        }

        if (quorums.Any(q => q.Group == name))
        {
            r.Fail($"{path}.group", $"group \"{name}\" is listed twice");
            return;
        }

        if (r.Integer(item.GetProperty("quorum"), $"{path}.quorum", 1, members.Length) is { } quorum)
        {
            quorums.Add(new GroupQuorum(name, (int)quorum, members));
        }
    }
}
