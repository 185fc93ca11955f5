using System.Text;
using System.Text.Json.Nodes;

namespace Custody.Intake.Tests.Support;

/// <summary>
/// Seeded generator of malformed request bodies: broken JSON, wrong types, missing or extra members, and
/// well-formed requests with one or more invalid fields (each with a fresh request id, so it is rejected
/// rather than answered as a duplicate), and bodies above the size cap.
/// </summary>
internal static class Garbage
{
    private static readonly string[] Fields = ["requestId", "walletId", "walletAddress", "chainId", "to", "value", "data", "initiator", "requestedAt"];

    /// <returns>The body, the request id it carries (when any), and whether it parses as a request with a usable id.</returns>
    public static (ReadOnlyMemory<byte> Body, string RequestId, bool Parsable) Next(Random random)
    {
        var requestId = $"fuzz-{random.Next():x8}-{random.Next():x8}";
        var valid = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(IntakeFixture.ValidRequest(requestId), Contracts.ContractsJsonContext.Default.TransactionRequested))!.AsObject();
        switch (random.Next(8))
        {
            case 0: // random bytes
                var bytes = new byte[random.Next(0, 200)];
                random.NextBytes(bytes);
                return (bytes, requestId, false);
            case 1: // truncated JSON
                var text = valid.ToJsonString();
                return (Encoding.UTF8.GetBytes(text[..random.Next(0, text.Length - 1)]), requestId, false);
            case 2: // a member missing
                valid.Remove(Fields[random.Next(1, Fields.Length)]);
                return (Encoding.UTF8.GetBytes(valid.ToJsonString()), requestId, false);
            case 3: // a member of the wrong JSON type
                valid[Fields[random.Next(1, Fields.Length)]] = random.Next(2) == 0 ? new JsonArray() : JsonValue.Create(true);
                return (Encoding.UTF8.GetBytes(valid.ToJsonString()), requestId, false);
            case 4: // an unknown member
                valid["x" + random.Next(1000)] = "surprise";
                return (Encoding.UTF8.GetBytes(valid.ToJsonString()), requestId, false);
            case 5: // larger than the cap
                valid["data"] = "0x" + new string('a', IntakeFixture.MaxBodyBytes + random.Next(2, 1000) * 2);
                return (Encoding.UTF8.GetBytes(valid.ToJsonString()), requestId, false);
            default: // well-formed JSON, one to three invalid string fields
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    var field = Fields[random.Next(1, Fields.Length)];
                    if (field is "chainId")
                    {
                        valid[field] = random.Next(2) == 0 ? 0 : random.Next(2, 1000);
                    }
                    else if (field is "requestedAt")
                    {
                        valid[field] = DateTimeOffset.UtcNow.AddDays(random.Next(1, 1000)).ToString("O");
                    }
                    else
                    {
                        valid[field] = Invalid(field, RandomText(random));
                    }
                }

                return (Encoding.UTF8.GetBytes(valid.ToJsonString()), requestId, true);
        }
    }

    // Random text made certainly invalid for its field (a random string alone could happen to be valid).
    private static string Invalid(string field, string text) => field switch
    {
        "walletId" => text + " ",
        "initiator" => " " + text,
        "value" => "-" + text,
        "data" => "0x" + text + "g",
        _ => text + "!",
    };

    private static string RandomText(Random random)
    {
        var length = random.Next(0, 60);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)random.Next(random.Next(4) == 0 ? 0 : 0x20, random.Next(4) == 0 ? 0x3000 : 0x7f);
        }

        return random.Next(3) == 0 ? "0x" + new string(chars) : new string(chars);
    }
}
