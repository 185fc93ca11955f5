using Custody.Mpc.Curve;

namespace Custody.Mpc.Tests;

/// <summary>Returns the scripted blocks first (each fill consumes one), then falls back to another source.</summary>
internal sealed class ScriptedRandom(byte[][] script, MpcRandom fallback) : MpcRandom
{
    public int ScriptedUsed { get; private set; }

    public override void Fill(Span<byte> destination)
    {
        if (ScriptedUsed < script.Length)
        {
            script[ScriptedUsed++].AsSpan(0, destination.Length).CopyTo(destination);
            return;
        }
        fallback.Fill(destination);
    }
}
