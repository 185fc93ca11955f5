using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Custody.Testing;

/// <summary>A logger that keeps every entry (level, formatted message, exception type), to assert on what was logged.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LogRecord> _records = new();

    public IReadOnlyList<LogRecord> Records => [.. _records];

    /// <summary>Entries at <paramref name="level"/> or above.</summary>
    public IReadOnlyList<LogRecord> AtLeast(LogLevel level) => [.. _records.Where(r => r.Level >= level)];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _records.Enqueue(new LogRecord(logLevel, formatter(state, exception), exception?.GetType().Name));
    }
}

/// <summary>One recorded log entry.</summary>
public sealed record LogRecord(LogLevel Level, string Message, string? ExceptionType)
{
    public override string ToString() => $"{Level}: {Message}{(ExceptionType is null ? "" : " (" + ExceptionType + ")")}";
}
