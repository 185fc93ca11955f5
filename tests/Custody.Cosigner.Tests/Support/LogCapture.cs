using System.Collections.Concurrent;
using Custody.Testing;
using Microsoft.Extensions.Logging;

namespace Custody.Cosigner.Tests.Support;

/// <summary>Every log entry of a host, by category, to wait on what the service reports (a dial failure, a start refusal).</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogRecord Record)> _records = new();

    public IReadOnlyList<LogRecord> Records => [.. _records.Select(r => r.Record)];

    public IReadOnlyList<LogRecord> Of(string category) => [.. _records.Where(r => r.Category == category).Select(r => r.Record)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture._records.Enqueue((category, new LogRecord(logLevel, formatter(state, exception), exception?.GetType().Name)));
    }
}
