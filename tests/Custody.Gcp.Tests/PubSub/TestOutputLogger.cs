using Microsoft.Extensions.Logging;

namespace Custody.Gcp.Tests.PubSub;

/// <summary>Writes log lines to the current test's output (shown when a test fails).</summary>
internal sealed class TestOutputLogger<T> : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message)}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished; nothing to write to.
        }
    }
}
