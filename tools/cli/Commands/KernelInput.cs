using System.Text;
using System.Text.Json;
using Custody.Contracts;
using Custody.Contracts.Events;
using Custody.Contracts.Json;
using Custody.Domain.Intents;

namespace Custody.Cli;

/// <summary>Reading kernel inputs (request files) for the policy and intent commands, and writing their JSON output.</summary>
internal static class KernelInput
{
    /// <summary>Reads a transaction-requested file and derives its intent; on failure writes why and returns null.</summary>
    public static TransactionIntent? ReadIntent(string path, out TransactionRequested? request, out int exitCode)
    {
        request = null;
        if (InputFile.ReadText(path, "request", InputLimits.Request, out exitCode) is not { } json)
        {
            return null;
        }

        if (!ContractReader.TryRead(Encoding.UTF8.GetBytes(json), ContractsJsonContext.Default.TransactionRequested, InputLimits.Request, out request, out var errors) ||
            !TransactionIntent.TryCreate(request, out var intent, out errors))
        {
            InputFile.Invalid(path, "request", errors, out exitCode);
            return null;
        }

        return intent;
    }

    /// <summary>Writes an indented JSON object to stdout in one piece, only once it is complete.</summary>
    public static void WriteJson(Action<Utf8JsonWriter> body)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        using var stdout = Console.OpenStandardOutput();
        stdout.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
