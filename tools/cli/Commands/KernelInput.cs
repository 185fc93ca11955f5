using System.Text.Json;
using Custody.Contracts;
using Custody.Contracts.Events;
using Custody.Domain.Intents;

namespace Custody.Cli;

/// <summary>Reading kernel inputs (request files) for the policy and intent commands, with exit codes.</summary>
internal static class KernelInput
{
    /// <summary>Invalid content (policy, request, history).</summary>
    public const int Invalid = 1;

    /// <summary>The file could not be read.</summary>
    public const int Unreadable = 2;

    /// <summary>Reads a transaction-requested file and derives its intent; on failure writes why and returns null.</summary>
    public static TransactionIntent? ReadIntent(FileInfo file, out TransactionRequested? request, out int exitCode)
    {
        request = null;
        exitCode = 0;
        if (ReadText(file, out exitCode) is not { } json)
        {
            return null;
        }

        try
        {
            request = JsonSerializer.Deserialize(json, ContractsJsonContext.Default.TransactionRequested);
        }
        catch (JsonException e)
        {
            Console.Error.WriteLine($"invalid request {file.Name}: {e.Message}");
            exitCode = Invalid;
            return null;
        }

        if (request is null)
        {
            Console.Error.WriteLine($"invalid request {file.Name}: the file holds JSON null");
            exitCode = Invalid;
            return null;
        }

        if (!TransactionIntent.TryCreate(request, out var intent, out var errors))
        {
            Console.Error.WriteLine($"invalid request {file.Name}:");
            foreach (var error in errors)
            {
                Console.Error.WriteLine($"  {error}");
            }

            exitCode = Invalid;
            return null;
        }

        return intent;
    }

    public static string? ReadText(FileInfo file, out int exitCode)
    {
        exitCode = 0;
        try
        {
            return File.ReadAllText(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"cannot read {file.FullName}: {e.Message}");
            exitCode = Unreadable;
            return null;
        }
    }

    /// <summary>Writes an indented JSON object to stdout.</summary>
    public static void WriteJson(Action<Utf8JsonWriter> body)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        stdout.Write("\n"u8);
    }
}
