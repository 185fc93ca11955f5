using System.Diagnostics;

namespace Custody.Mpc.Protocol;

/// <summary>
/// Drives a protocol from its first round to its output over an <see cref="IMpcTransport"/>: prepare the round
/// (durable claims), send its envelopes, receive until the round is complete (keeping envelopes of later rounds
/// that arrive early, ignoring identical re-deliveries), finalise, repeat. After an abort it awaits the round's
/// durable abort record before throwing. Throws <see cref="MpcAbortException"/> (blame),
/// <see cref="MpcTransportException"/> (exchange failed) or <see cref="InvalidOperationException"/> (a bug or misuse).
/// Each run is a span and each round a child span (<see cref="MpcTelemetry"/>).
/// </summary>
public static class MpcSessionRunner
{
    /// <summary>Envelopes of later rounds kept while the current round completes; more is a flooding peer.</summary>
    private const int MaxEarlyEnvelopes = 4096;

    public static async Task<TOutput> RunAsync<TOutput>(MpcRound<TOutput> first, IMpcTransport transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(transport);
        var early = new List<MpcEnvelope>();
        var round = first;
        using var run = MpcTelemetry.StartRun(first.Protocol, first.Party, first.PartyCount);
        var runStarted = Stopwatch.GetTimestamp();
        while (true)
        {
            RoundOutcome<TOutput> outcome;
            var traffic = new MpcTelemetry.RoundTraffic();
            var roundStarted = Stopwatch.GetTimestamp();
            using (var span = MpcTelemetry.StartRound(round.Protocol, round.Number))
            {
                try
                {
                    outcome = await RunRoundAsync(round, transport, early, traffic, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    MpcTelemetry.Failed(span, e);
                    MpcTelemetry.Failed(run, e);
                    MpcTelemetry.RecordRun(first.Protocol, Stopwatch.GetElapsedTime(runStarted), e is MpcAbortException ? "aborted" : "failed");
                    throw;
                }
                finally
                {
                    traffic.WriteTo(span);
                    traffic.Record(round.Protocol, round.Number, Stopwatch.GetElapsedTime(roundStarted));
                }

                if (outcome is RoundOutcome<TOutput>.Aborted failed)
                {
                    MpcTelemetry.Failed(span, failed.Abort);
                    MpcTelemetry.Failed(run, failed.Abort);
                }
            }

            switch (outcome)
            {
                case RoundOutcome<TOutput>.Next next:
                    round = next.Round;
                    break;
                case RoundOutcome<TOutput>.Done done:
                    MpcTelemetry.RecordRun(first.Protocol, Stopwatch.GetElapsedTime(runStarted), "ok");
                    return done.Output;
                case RoundOutcome<TOutput>.Aborted aborted:
                    MpcTelemetry.RecordRun(first.Protocol, Stopwatch.GetElapsedTime(runStarted), "aborted");
                    await round.RecordAbortAsync(aborted.Abort, cancellationToken).ConfigureAwait(false);
                    throw aborted.Abort;
                default:
                    throw new InvalidOperationException("unknown round outcome");
            }
        }
    }

    /// <summary>One round: prepare, send, take early envelopes, receive until complete, finalise; wipes the round on failure.</summary>
    private static async Task<RoundOutcome<TOutput>> RunRoundAsync<TOutput>(
        MpcRound<TOutput> round, IMpcTransport transport, List<MpcEnvelope> early, MpcTelemetry.RoundTraffic traffic, CancellationToken cancellationToken)
    {
        try
        {
            await round.PrepareAsync(cancellationToken).ConfigureAwait(false);
            foreach (var envelope in round.Outgoing)
            {
                await transport.SendAsync(envelope, cancellationToken).ConfigureAwait(false);
                traffic.Sent(envelope);
            }

            foreach (var envelope in early.Where(e => e.Round == round.Number).ToList())
            {
                early.Remove(envelope);
                traffic.Received(envelope);
                round.Receive(envelope);
            }

            while (!round.IsComplete)
            {
                var envelope = await transport.ReceiveAsync(cancellationToken).ConfigureAwait(false);
                if (envelope.Round > round.Number && envelope.SessionId.SequenceEqual(round.RoutingId))
                {
                    if (early.Count >= MaxEarlyEnvelopes)
                    {
                        throw new MpcAbortException(envelope.From, "too many messages ahead of the current round");
                    }

                    early.Add(envelope);
                    continue;
                }

                traffic.Received(envelope);
                round.Receive(envelope);
            }

            return round.Finalize();
        }
        catch (MpcAbortException abort)
        {
            round.EndFromDriver(abort);
            await round.RecordAbortAsync(abort, cancellationToken).ConfigureAwait(false);
            throw;
        }
        catch
        {
            // A failed exchange or a cancellation (a timeout) ends the run too: wipe its secrets now.
            round.EndFromDriver(null);
            throw;
        }
    }
}
