using System.Collections;
using System.Diagnostics;

namespace Custody.Signer.Tests.Support;

/// <summary>
/// The collection OpenTelemetry's in-memory exporter writes the signer's finished spans into, safe to read while the
/// exporter writes (the exporter itself does not lock). Spans of every test in the process land here: read by trace id.
/// </summary>
internal sealed class ExportedSpans : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];

    public int Count
    {
        get
        {
            lock (_spans)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public IReadOnlyList<Activity> InTrace(ActivityTraceId trace)
    {
        lock (_spans)
        {
            return [.. _spans.Where(s => s.TraceId == trace)];
        }
    }

    public void Add(Activity item)
    {
        lock (_spans)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_spans)
        {
            return _spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_spans)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_spans)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (_spans)
        {
            return _spans.ToList().GetEnumerator();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
