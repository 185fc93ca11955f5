using Custody.Mpc.Curve;
using Custody.Mpc.Ot;
using Custody.Mpc.Tests.Multiplication;

namespace Custody.Mpc.Tests.Ot;

public sealed class when_extending_ots_with_kos
{
    private static readonly byte[] ChallengeSeed = new byte[16];

    private static (byte[] RowsT, byte[] U, byte[] Check, byte[] Choice) Receive(SessionHash hash, Custody.Mpc.Multiplication.MulReceiverSetup receiver, ulong seed)
    {
        var choice = new byte[OtParameters.ColumnBytes];
        MpcRandom.Seeded(seed).Fill(choice);
        var rows = new byte[KosExtension.RowsBytes];
        var u = new byte[KosExtension.MatrixBytes];
        var check = new byte[KosExtension.CheckBytes];
        KosExtension.Receive(hash, receiver.Seeds0, receiver.Seeds1, choice, rows, u);
        KosExtension.WriteCheck(hash, ChallengeSeed, choice, rows, check);
        return (rows, u, check, choice);
    }

    [Fact]
    public void honest_rows_satisfy_the_correlation_and_pass_the_check()
    {
        var (sender, receiver) = PairFixture.Shared77();
        using var hash = new SessionHash(new byte[16]);
        var (rowsT, u, check, choice) = Receive(hash, receiver, 50);
        var rowsQ = new byte[KosExtension.RowsBytes];
        Assert.True(KosExtension.Send(hash, sender.Delta, sender.Seeds, u, check, ChallengeSeed, rowsQ));
        var delta = Gf128.Read(sender.Delta);
        for (var j = 0; j < OtParameters.ExtendedLength; j++)
        {
            var t = Gf128.Read(rowsT.AsSpan(j * 16, 16));
            var q = Gf128.Read(rowsQ.AsSpan(j * 16, 16));
            // q_j = t_j ^ x_j * Delta
            Assert.Equal(BitMatrix.GetBit(choice, j) == 1 ? t ^ delta : t, q);
        }
        sender.Dispose();
        receiver.Dispose();
    }

    [Fact]
    public void a_receiver_with_inconsistent_choice_bits_in_one_column_fails_the_check_when_that_delta_bit_is_set()
    {
        var (sender, receiver) = PairFixture.Shared77();
        using var hash = new SessionHash(new byte[16]);
        var (_, u, check, _) = Receive(hash, receiver, 51);
        var rowsQ = new byte[KosExtension.RowsBytes];
        var caught = 0;
        for (var column = 0; column < OtParameters.Kappa; column += 9)
        {
            // Flip the choice bit of OT 3 in one column only: the selective-failure probe of Delta_column.
            var bad = (byte[])u.Clone();
            bad[(column * OtParameters.ColumnBytes) + 0] ^= 0x08;
            var passed = KosExtension.Send(hash, sender.Delta, sender.Seeds, bad, check, ChallengeSeed, rowsQ);
            // KOS15: the probe goes unnoticed exactly when Delta_column = 0 (one guessed bit of Delta
            // per 1/2 chance of abort, which the 128-bit Delta absorbs).
            Assert.Equal(BitMatrix.GetBit(sender.Delta, column) == 0, passed);
            caught += passed ? 0 : 1;
        }
        Assert.True(caught > 0);
        sender.Dispose();
        receiver.Dispose();
    }

    [Fact]
    public void tampered_check_values_fail_the_check()
    {
        var (sender, receiver) = PairFixture.Shared77();
        using var hash = new SessionHash(new byte[16]);
        var (_, u, check, _) = Receive(hash, receiver, 52);
        var rowsQ = new byte[KosExtension.RowsBytes];
        for (var position = 0; position < check.Length; position += 7)
        {
            var bad = (byte[])check.Clone();
            bad[position] ^= 0x40;
            Assert.False(KosExtension.Send(hash, sender.Delta, sender.Seeds, u, bad, ChallengeSeed, rowsQ));
        }
        sender.Dispose();
        receiver.Dispose();
    }

    [Fact]
    public void different_session_keys_give_unrelated_columns()
    {
        var (sender, receiver) = PairFixture.Shared77();
        using var hash1 = new SessionHash(new byte[16]);
        using var hash2 = new SessionHash(Enumerable.Repeat((byte)1, 16).ToArray());
        var (rows1, _, _, _) = Receive(hash1, receiver, 53);
        var (rows2, _, _, _) = Receive(hash2, receiver, 53);
        Assert.NotEqual(rows1, rows2);
        sender.Dispose();
        receiver.Dispose();
    }
}
