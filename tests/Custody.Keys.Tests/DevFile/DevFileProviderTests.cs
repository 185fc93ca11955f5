using Custody.Keys.DevFile;
using Custody.Keys.Sealing;
using Custody.Keys.Tests.Sealing;

namespace Custody.Keys.Tests.DevFile;

public sealed class when_sealing_with_the_dev_file_provider : SealingContract, IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly DevFileKeyEncryptionProvider _provider;

    public when_sealing_with_the_dev_file_provider()
    {
        _provider = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = _folder.File("kek.bin") }, "Development");
    }

    protected override IKeyEncryptionProvider Provider => _provider;

    [Fact]
    public void the_key_file_is_created_readable_by_its_owner_only()
    {
        var path = _folder.File("kek.bin");

        Assert.Equal(32, new FileInfo(path).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void the_key_reference_is_a_fingerprint_not_the_key()
    {
        var key = File.ReadAllBytes(_folder.File("kek.bin"));

        Assert.StartsWith("dev-file:", _provider.KeyReference, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(key)[..16], _provider.KeyReference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_restarted_provider_on_the_same_file_unseals()
    {
        var share = Share();
        var blob = await Sealer.SealAsync(share, Context, TestContext.Current.CancellationToken);

        using var restarted = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = _folder.File("kek.bin"), CreateIfMissing = false }, "Development");
        using var unsealed = await new KeySealer(restarted).UnsealAsync(blob, Context, TestContext.Current.CancellationToken);

        Assert.Equal(share, unsealed.Span.ToArray());
    }

    [Fact]
    public async Task another_dev_key_is_refused_by_reference()
    {
        var blob = await Sealer.SealAsync(Share(), Context, TestContext.Current.CancellationToken);

        using var other = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = _folder.File("other.bin") }, "Development");
        var error = await Assert.ThrowsAsync<KeySealingException>(() => new KeySealer(other).UnsealAsync(blob, Context, TestContext.Current.CancellationToken));

        Assert.Equal(KeySealingError.KeyReferenceMismatch, error.Error);
    }

    [Fact]
    public async Task resealing_moves_a_share_to_a_new_key()
    {
        var share = Share();
        var oldBlob = await Sealer.SealAsync(share, Context, TestContext.Current.CancellationToken);
        using var newKey = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = _folder.File("new.bin") }, "Development");
        var newSealer = new KeySealer(newKey);

        var newBlob = await Sealer.ResealAsync(oldBlob, Context, newSealer, TestContext.Current.CancellationToken);

        Assert.Equal(newKey.KeyReference, SealedBlob.Parse(newBlob).WrappedKey.KeyReference);
        using var unsealed = await newSealer.UnsealAsync(newBlob, Context, TestContext.Current.CancellationToken);
        Assert.Equal(share, unsealed.Span.ToArray());
    }

    public void Dispose()
    {
        _provider.Dispose();
        _folder.Dispose();
    }
}

public sealed class when_the_dev_file_provider_starts_outside_development : IDisposable
{
    private readonly TempDirectory _folder = new();

    [Theory]
    [InlineData("Production")]
    [InlineData("production")]
    [InlineData("Staging")]
    [InlineData("")]
    [InlineData(null)]
    public void it_refuses_to_start_and_creates_no_key(string? environment)
    {
        var path = _folder.File("kek.bin");

        var error = Assert.Throws<InvalidOperationException>(() => new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = path }, environment));

        Assert.Contains("refuses to start", error.Message, StringComparison.Ordinal);
        Assert.Contains("Keys:Provider = kms or pkcs11", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Local")]
    [InlineData("Test")]
    public void it_starts_in_a_development_environment(string environment)
    {
        using var provider = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = _folder.File($"{environment}.bin") }, environment);

        Assert.Equal(KeyEncryptionProviderId.DevFile, provider.ProviderId);
    }

    public void Dispose() => _folder.Dispose();
}

public sealed class when_the_dev_key_file_is_unsafe : IDisposable
{
    private readonly TempDirectory _folder = new();

    [Fact]
    public void a_group_readable_file_is_refused()
    {
        var path = _folder.File("kek.bin");
        File.WriteAllBytes(path, new byte[32]);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var error = Assert.Throws<InvalidOperationException>(() => new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = path }, "Development"));

        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_file_of_the_wrong_size_is_refused()
    {
        var path = _folder.File("kek.bin");
        File.WriteAllBytes(path, new byte[31]);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Throws<InvalidOperationException>(() => new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = path }, "Development"));
    }

    [Fact]
    public void a_missing_file_is_refused_when_creation_is_off()
    {
        Assert.Throws<FileNotFoundException>(() =>
            new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = _folder.File("none.bin"), CreateIfMissing = false }, "Development"));
    }

    [Fact]
    public void a_relative_path_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = "kek.bin" }, "Development"));

        Assert.Contains("absolute", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
