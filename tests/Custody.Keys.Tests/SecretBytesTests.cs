using System.Runtime.InteropServices;
using Custody.Keys;

namespace Custody.Keys.Tests;

public sealed class when_secret_bytes_are_disposed
{
    [Fact]
    public void the_content_is_wiped()
    {
        var secret = SecretBytes.CopyFrom([1, 2, 3, 4, 5]);
        Assert.True(MemoryMarshal.TryGetArray(secret.Memory, out var backing));

        secret.Dispose();

        Assert.All(backing.Array!, b => Assert.Equal(0, b));
        Assert.True(secret.IsDisposed);
    }

    [Fact]
    public void reading_it_afterwards_throws()
    {
        var secret = SecretBytes.Random(32);
        secret.Dispose();

        Assert.Throws<ObjectDisposedException>(() => secret.Span.Length);
    }

    [Fact]
    public void taking_from_a_buffer_wipes_the_buffer()
    {
        byte[] source = [9, 8, 7];
        using var secret = SecretBytes.TakeFrom(source);

        Assert.Equal([9, 8, 7], secret.Span.ToArray());
        Assert.All(source, b => Assert.Equal(0, b));
    }
}

public sealed class when_secret_bytes_are_printed
{
    [Fact]
    public void the_content_never_appears()
    {
        using var secret = SecretBytes.CopyFrom("share-secret"u8);

        var text = secret.ToString();

        Assert.DoesNotContain("share", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToHexString(secret.Span), text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("redacted", text, StringComparison.Ordinal);
    }
}
