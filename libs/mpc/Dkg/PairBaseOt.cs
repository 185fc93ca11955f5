using Custody.Mpc.Multiplication;
using Custody.Mpc.Ot;
using Custody.Mpc.Protocol;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Dkg;

/// <summary>
/// Base OT with one counterpart for both ordered pairs (docs/mpc.md "Building blocks"): this party as multiplication
/// sender towards j and as multiplication receiver from j. Each direction is a one-flow exchange
/// (<see cref="MulSenderSetupExchange"/>, <see cref="MulReceiverSetupExchange"/>), so both travel in DKG round 1
/// and complete when round 1 is finalised. The exchanges bind the DKG session id and both party ids.
/// </summary>
internal sealed class PairBaseOt : IDisposable
{
    private readonly MulSenderSetupExchange _asSender;
    private readonly MulReceiverSetupExchange _asReceiver;

    public PairBaseOt(SessionContext context, PartyId counterpart)
    {
        _asSender = new MulSenderSetupExchange(context.SessionId, context.Self, counterpart, context.Random);
        _asReceiver = new MulReceiverSetupExchange(context.SessionId, context.Self, counterpart, context.Random);
    }

    /// <summary>The message for the counterpart: our sender-side flow, then our receiver-side flow.</summary>
    public byte[] Message()
    {
        using var writer = new WireWriter(8 + BaseOt.ReceiverMessageLength + BaseOt.SenderMessageLength);
        writer.WriteBytes(_asSender.CreateMessage());
        writer.WriteBytes(_asReceiver.CreateMessage());
        return writer.ToArray();
    }

    /// <summary>Completes both setups from the counterpart's message; its checks throw <see cref="MpcAbortException"/> naming it.</summary>
    public (MulSenderSetup Sender, MulReceiverSetup Receiver) Finish(PartyId counterpart, ReadOnlySpan<byte> counterpartMessage)
    {
        ReadOnlySpan<byte> theirSenderFlow;
        ReadOnlySpan<byte> theirReceiverFlow;
        try
        {
            var reader = new WireReader(counterpartMessage.ToArray());
            theirSenderFlow = reader.ReadBytes();
            theirReceiverFlow = reader.ReadBytes();
            reader.EnsureEnd();
        }
        catch (WireFormatException ex)
        {
            throw new MpcAbortException(counterpart, "DKG: malformed base-OT message", ex);
        }

        MulSenderSetup? sender = null;
        try
        {
            // Our sender side pairs with their receiver side, and vice versa.
            sender = _asSender.Finish(theirReceiverFlow);
            var receiver = _asReceiver.Finish(theirSenderFlow);
            return (sender, receiver);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            sender?.Dispose();
            throw new MpcAbortException(counterpart, "DKG: malformed base-OT message", ex);
        }
        catch
        {
            sender?.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _asSender.Dispose();
        _asReceiver.Dispose();
    }
}
