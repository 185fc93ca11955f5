using System.Text.Json;
using System.Text.Json.Serialization;
using Custody.Mpc.Protocol;

namespace Custody.Parties.Identity;

/// <summary>
/// The parties one party pins (docs/parties.md "The roster"): a JSON file, written at enrolment from what every
/// party's operator sent out of band and checked by each operator, mapping party names to MPC party ids and public
/// identity keys. <c>{"parties":[{"name":"signer","id":1,"signingKey":"hex","encryptionKey":"hex"}]}</c>.
/// Public, but its integrity is the party's security: whoever can edit it can impersonate a party to this one.
/// </summary>
public sealed class PartyRoster
{
    private readonly Dictionary<string, PinnedParty> _byName;

    private PartyRoster(Dictionary<string, PinnedParty> byName) => _byName = byName;

    public IReadOnlyDictionary<string, PinnedParty> Parties => _byName;

    /// <summary>The id of the party called <paramref name="name"/>.</summary>
    public PartyId IdOf(string name) =>
        _byName.TryGetValue(name, out var party) ? party.Party : throw new KeyNotFoundException($"party {name} is not in the roster");

    /// <summary>The name of the party with <paramref name="id"/>.</summary>
    public string NameOf(PartyId id) =>
        _byName.FirstOrDefault(p => p.Value.Party == id).Key ?? throw new KeyNotFoundException($"party {id} is not in the roster");

    /// <summary>The directory of <paramref name="self"/> (its keys must be the ones pinned for it).</summary>
    public PartyDirectory DirectoryFor(PartyKeys self) => new(self, _byName.Values);

    public static PartyRoster Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"no party roster at {path}");
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    public static PartyRoster Parse(ReadOnlySpan<byte> json, string source)
    {
        RosterFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, RosterJson.Default.RosterFile);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{source} is not a party roster: {e.Message}", e);
        }

        var problems = new List<string>();
        var byName = new Dictionary<string, PinnedParty>(StringComparer.Ordinal);
        foreach (var (entry, i) in (file?.Parties ?? []).Select((e, i) => (e, i)))
        {
            var at = $"$.parties[{i}]";
            if (entry.Name is not { Length: > 0 and <= 63 } || !entry.Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                problems.Add($"{at}.name: lower-case letters, digits and '-', 1 to 63 characters");
                continue;
            }

            if (!PartyId.TryCreate(entry.Id, out var id))
            {
                problems.Add($"{at}.id: a party id in 1..65535");
                continue;
            }

            try
            {
                var pinned = new PinnedParty(id, Convert.FromHexString(entry.SigningKey ?? ""), Convert.FromHexString(entry.EncryptionKey ?? ""));
                if (byName.Values.Any(p => p.Party == id) || !byName.TryAdd(entry.Name, pinned))
                {
                    problems.Add($"{at}: name {entry.Name} or id {entry.Id} appears twice");
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                problems.Add($"{at}: the signing and encryption keys are 32 bytes of hex each");
            }
        }

        if (byName.Count < 2)
        {
            problems.Add("$.parties: at least two parties");
        }

        return problems.Count == 0 ? new PartyRoster(byName) : throw new InvalidOperationException($"{source} is not a valid party roster: {string.Join("; ", problems)}");
    }

    /// <summary>The roster's JSON for <paramref name="parties"/> (what enrolment writes).</summary>
    public static byte[] Write(IReadOnlyDictionary<string, PinnedParty> parties) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new RosterFile([.. parties.OrderBy(p => p.Value.Party.Value).Select(p => new RosterEntry(p.Key, p.Value.Party.Value, Convert.ToHexStringLower(p.Value.SigningKey), Convert.ToHexStringLower(p.Value.EncryptionKey)))]),
            RosterJson.Default.RosterFile);

    internal sealed record RosterFile(IReadOnlyList<RosterEntry>? Parties);

    internal sealed record RosterEntry(string? Name, int Id, string? SigningKey, string? EncryptionKey);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, WriteIndented = true, MaxDepth = 4)]
[JsonSerializable(typeof(PartyRoster.RosterFile))]
internal sealed partial class RosterJson : JsonSerializerContext;
