namespace Custody.Cli.Demo;

/// <summary>A demo step failed for a reason the operator can act on; the message says what to do.</summary>
internal sealed class DemoException : Exception
{
    public DemoException(string message)
        : base(message)
    {
    }

    public DemoException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public DemoException()
    {
    }
}
