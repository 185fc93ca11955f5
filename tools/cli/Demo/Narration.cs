using System.Diagnostics;
using System.Globalization;

namespace Custody.Cli.Demo;

/// <summary>The demo's step-by-step narration on stdout, with the wall time of every step for the final summary.</summary>
internal sealed class Narration
{
    private readonly List<(string Step, TimeSpan Took)> _timings = [];
    private readonly Stopwatch _total = Stopwatch.StartNew();

    public IReadOnlyList<(string Step, TimeSpan Took)> Timings => _timings;

    public async Task<T> StepAsync<T>(string title, Func<Task<T>> body)
    {
        Console.Out.WriteLine();
        Console.Out.WriteLine($"[{_timings.Count + 1}] {title}");
        var watch = Stopwatch.StartNew();
        var result = await body().ConfigureAwait(false);
        watch.Stop();
        _timings.Add((title, watch.Elapsed));
        Line($"({Ms(watch.Elapsed)})");
        return result;
    }

    public Task StepAsync(string title, Func<Task> body) =>
        StepAsync(title, async () =>
        {
            await body().ConfigureAwait(false);
            return true;
        });

    public static void Line(string text) => Console.Out.WriteLine("    " + text);

    public static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>The closing table: one row per step with its wall time.</summary>
    public void Summary()
    {
        Console.Out.WriteLine();
        Console.Out.WriteLine("Summary");
        var width = _timings.Max(t => t.Step.Length);
        foreach (var (step, took) in _timings)
        {
            Console.Out.WriteLine($"    {step.PadRight(width)}  {Ms(took),10}");
        }

        Console.Out.WriteLine($"    {"total".PadRight(width)}  {Ms(_total.Elapsed),10}");
    }
}
