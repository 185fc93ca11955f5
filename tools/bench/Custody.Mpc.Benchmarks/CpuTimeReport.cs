using System.Diagnostics;
using Custody.Mpc.Curve;
using Custody.Mpc.Multiplication;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Benchmarks;

/// <summary>
/// Process CPU time per step (both parties in one process, one thread), averaged over many
/// runs after a warm-up: less sensitive than wall-clock time to other processes on the machine.
/// </summary>
internal static class CpuTimeReport
{
    private const int Multiplications = 500;

    private const int SetupRuns = 10;

    public static void Run(TextWriter output)
    {
        var alice = PartyId.Create(1);
        var bob = PartyId.Create(2);
        var rng = MpcRandom.Secure;

        MulSenderSetup? sender = null;
        MulReceiverSetup? receiver = null;
        void PairSetup()
        {
            sender?.Dispose();
            receiver?.Dispose();
            using var aliceExchange = new MulSenderSetupExchange("cpu-report"u8, alice, bob, rng);
            using var bobExchange = new MulReceiverSetupExchange("cpu-report"u8, bob, alice, rng);
            var toBob = aliceExchange.CreateMessage();
            sender = aliceExchange.Finish(bobExchange.CreateMessage());
            receiver = bobExchange.Finish(toBob);
        }
        // The first run includes JIT compilation (process CPU time counts the JIT threads); then an average.
        var coldMicros = Measure(PairSetup);
        double warmMicros = 0;
        for (var run = 0; run < SetupRuns; run++)
        {
            warmMicros += Measure(PairSetup);
        }
        output.WriteLine(
            $"pair setup (128 base OTs, both parties): {warmMicros / SetupRuns / 1000:F0} ms CPU (mean of {SetupRuns} after a first run of {coldMicros / 1000:F0} ms incl. JIT)");

        Scalar[] a = [Scalar.Random(rng), Scalar.Random(rng)];
        var b = Scalar.Random(rng);
        for (var round = 0; round < 3; round++)
        {
            double request = 0, respond = 0, finish = 0;
            for (var i = 0; i < Multiplications; i++)
            {
                var sid = BitConverter.GetBytes((round * Multiplications) + i);
                using var receiverSession = new RvoleReceiver(receiver!, sid, b, rng);
                using var senderSession = new RvoleSender(sender!, sid, rng);
                byte[] requestBytes = [];
                byte[] responseBytes = [];
                request += Measure(() => requestBytes = receiverSession.CreateRequest());
                respond += Measure(() => responseBytes = senderSession.Respond(requestBytes, a).Response);
                finish += Measure(() => receiverSession.Finish(responseBytes));
            }
            output.WriteLine(
                $"multiplication round {round + 1}: receiver request {request / Multiplications:F0} us, sender respond {respond / Multiplications:F0} us, " +
                $"receiver finish {finish / Multiplications:F0} us, total {(request + respond + finish) / Multiplications:F0} us CPU");
        }
        sender!.Dispose();
        receiver!.Dispose();
    }

    private static double Measure(Action action)
    {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        action();
        return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds;
    }
}
