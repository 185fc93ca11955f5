using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Custody.Testing;

/// <summary>
/// A long-lived helper process (typically a node script) that answers one JSON line on stdout for each
/// JSON line written to stdin, so one process serves many checks. Requests are serialised; stderr is
/// collected for error messages. Disposing closes stdin and kills the process tree.
/// </summary>
public sealed class JsonLinesProcess : IDisposable
{
    private readonly Process _process;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly System.Text.StringBuilder _stderr = new();

    private JsonLinesProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts <c>node script args...</c>.</summary>
    public static JsonLinesProcess StartNode(string script, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new JsonLinesProcess(Process.Start(info) ?? throw new InvalidOperationException("node did not start."));
    }

    /// <summary>Sends one request and waits (up to <paramref name="timeout"/>) for its answer line.</summary>
    public async Task<JsonObject> AskAsync(JsonObject request, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _gate.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync(request.ToJsonString());
            await _process.StandardInput.FlushAsync();
            using var cts = new CancellationTokenSource(timeout);
            var line = await _process.StandardOutput.ReadLineAsync(cts.Token);
            if (line is null)
            {
                throw new InvalidOperationException($"The helper process exited. stderr: {Stderr()}");
            }

            return JsonNode.Parse(line) as JsonObject
                ?? throw new InvalidOperationException($"The helper answered something other than a JSON object: {line}");
        }
        finally
        {
            _gate.Release();
        }
    }

    private string Stderr()
    {
        lock (_stderr)
        {
            return _stderr.ToString();
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit();
                }
            }
        }
        finally
        {
            _process.Dispose();
            _gate.Dispose();
        }
    }
}
