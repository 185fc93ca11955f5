using Custody.Keys.Pkcs11;
using Custody.Keys.Sealing;
using Custody.Keys.Tests.Sealing;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Custody.Keys.Tests.Pkcs11;

[Collection("softhsm")]
public sealed class when_sealing_with_a_pkcs11_hsm(SoftHsmToken token) : SealingContract
{
    protected override IKeyEncryptionProvider Provider => token.Provider;

    [Fact]
    public void the_key_reference_names_token_and_key()
    {
        Assert.Equal("pkcs11:token=custody-test;object=custody-kek;type=secret-key", token.Provider.KeyReference);
    }

    [Fact]
    public async Task a_second_provider_on_the_same_token_unseals()
    {
        var share = Share();
        var blob = await Sealer.SealAsync(share, Context, TestContext.Current.CancellationToken);

        using (var second = new Pkcs11KeyEncryptionProvider(SoftHsmToken.Options(SoftHsmToken.KeyLabel)))
        {
            using var unsealed = await new KeySealer(second).UnsealAsync(blob, Context, TestContext.Current.CancellationToken);
            Assert.Equal(share, unsealed.Span.ToArray());
        }

        using var again = await Sealer.UnsealAsync(blob, Context, TestContext.Current.CancellationToken);
        Assert.Equal(share, again.Span.ToArray());
    }
}

[Collection("softhsm")]
public sealed class when_someone_tries_to_extract_the_wrapping_key(SoftHsmToken token) : IDisposable
{
    private readonly HsmSession _hsm = new(token.UserPin);

    [Fact]
    public void its_value_cannot_be_read()
    {
        var key = _hsm.FindKey(SoftHsmToken.KeyLabel);

        var read = ReadValue(key);

        Assert.True(read.Refused, $"CKA_VALUE was readable ({read.Length} bytes).");
    }

    [Fact]
    public void it_is_marked_sensitive_and_never_extractable()
    {
        var key = _hsm.FindKey(SoftHsmToken.KeyLabel);

        var attributes = _hsm.Session.GetAttributeValue(key, [CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE, CKA.CKA_NEVER_EXTRACTABLE]);

        Assert.True(attributes[0].GetValueAsBool());
        Assert.False(attributes[1].GetValueAsBool());
        Assert.True(attributes[2].GetValueAsBool());
    }

    [Fact]
    public void it_cannot_be_wrapped_out_under_another_key()
    {
        var key = _hsm.FindKey(SoftHsmToken.KeyLabel);
        var outer = _hsm.CreateSessionAesKey(extractable: true, wrap: true);
        using var mechanism = _hsm.Factories.MechanismFactory.Create(CKM.CKM_AES_KEY_WRAP);

        var error = Assert.Throws<Pkcs11Exception>(() => _hsm.Session.WrapKey(mechanism, outer, key));

        Assert.Equal(CKR.CKR_KEY_UNEXTRACTABLE, error.RV);
    }

    [Fact]
    public void its_protections_cannot_be_relaxed()
    {
        var key = _hsm.FindKey(SoftHsmToken.KeyLabel);

        Assert.Throws<Pkcs11Exception>(() => _hsm.Session.SetAttributeValue(key, [_hsm.Factories.ObjectAttributeFactory.Create(CKA.CKA_EXTRACTABLE, true)]));
        Assert.False(_hsm.Session.GetAttributeValue(key, [CKA.CKA_EXTRACTABLE])[0].GetValueAsBool());
    }

    public void Dispose() => _hsm.Dispose();

    private (bool Refused, int Length) ReadValue(IObjectHandle key)
    {
        try
        {
            var value = _hsm.Session.GetAttributeValue(key, [CKA.CKA_VALUE])[0];
            return value.CannotBeRead ? (true, 0) : (false, value.GetValueAsByteArray()?.Length ?? 0);
        }
        catch (Pkcs11Exception ex) when (ex.RV == CKR.CKR_ATTRIBUTE_SENSITIVE)
        {
            return (true, 0);
        }
    }
}

[Collection("softhsm")]
public sealed class when_the_configured_wrapping_key_is_not_acceptable(SoftHsmToken token) : IDisposable
{
    private readonly HsmSession _hsm = new(token.UserPin);

    [Theory]
    [InlineData("weak-extractable", true, true, "CKA_EXTRACTABLE is true")]
    [InlineData("weak-visible", false, false, "CKA_SENSITIVE is false")]
    public async Task a_key_without_every_protection_is_refused(string label, bool extractable, bool sensitive, string problem)
    {
        _hsm.CreateTokenAesKey(label, extractable, sensitive);
        using var provider = new Pkcs11KeyEncryptionProvider(SoftHsmToken.Options(label));

        var error = await Assert.ThrowsAsync<KeySealingException>(() => new KeySealer(provider).SealAsync(new byte[] { 1 }, SealingContext.Create("w", "p", 1), TestContext.Current.CancellationToken));

        Assert.Equal(KeySealingError.WrappingKeyInvalid, error.Error);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_missing_key_is_refused_with_how_to_create_it()
    {
        using var provider = new Pkcs11KeyEncryptionProvider(SoftHsmToken.Options("no-such-key"));

        var error = await Assert.ThrowsAsync<KeySealingException>(() => new KeySealer(provider).SealAsync(new byte[] { 1 }, SealingContext.Create("w", "p", 1), TestContext.Current.CancellationToken));

        Assert.Equal(KeySealingError.WrappingKeyInvalid, error.Error);
        Assert.Contains("CreateWrappingKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void creating_a_second_key_with_the_same_label_is_refused()
    {
        var error = Assert.Throws<KeySealingException>(token.Provider.CreateWrappingKey);

        Assert.Equal(KeySealingError.WrappingKeyInvalid, error.Error);
    }

    public void Dispose() => _hsm.Dispose();
}

[Collection("softhsm")]
public sealed class when_the_pkcs11_login_is_wrong(SoftHsmToken token)
{
    [Fact]
    public void a_wrong_pin_is_refused_without_showing_it()
    {
        const string variable = "CUSTODY_TEST_PKCS11_WRONG_PIN";
        const string wrongPin = "0000111122223333";
        Environment.SetEnvironmentVariable(variable, wrongPin);
        try
        {
            var options = SoftHsmToken.Options(SoftHsmToken.KeyLabel, variable);
            options.TokenLabel = SoftHsmToken.UntouchedTokenLabel;

            var error = Assert.Throws<KeySealingException>(() => new Pkcs11KeyEncryptionProvider(options));

            Assert.Equal(KeySealingError.ProviderUnavailable, error.Error);
            Assert.Contains("CKR_PIN_INCORRECT", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(wrongPin, error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(token.UserPin, error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void a_missing_pin_variable_is_named_in_the_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new Pkcs11KeyEncryptionProvider(SoftHsmToken.Options(SoftHsmToken.KeyLabel, "CUSTODY_TEST_PKCS11_UNSET_PIN")));

        Assert.Contains("CUSTODY_TEST_PKCS11_UNSET_PIN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void an_unknown_token_is_refused()
    {
        var options = SoftHsmToken.Options(SoftHsmToken.KeyLabel);
        options.TokenLabel = "no-such-token";

        var error = Assert.Throws<KeySealingException>(() => new Pkcs11KeyEncryptionProvider(options));

        Assert.Equal(KeySealingError.ProviderUnavailable, error.Error);
    }
}
