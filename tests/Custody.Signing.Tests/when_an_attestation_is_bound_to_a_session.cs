using System.Security.Cryptography;
using Custody.Domain.Hashing;
using Custody.Ethereum;
using Custody.Signing.Admission;

namespace Custody.Signing.Tests;

public sealed class when_an_attestation_is_bound_to_a_session
{
    private static readonly byte[] Label = RandomNumberGenerator.GetBytes(32);
    private static readonly Hash32 Intent = Hash32.Create(RandomNumberGenerator.GetBytes(32));
    private static readonly Bytes32 Signing = Bytes32.Create(RandomNumberGenerator.GetBytes(32));
    private static readonly byte[] Challenge = AttestationBinding.NewChallenge();

    [Fact]
    public void the_nonce_is_stable_and_fits_the_launcher()
    {
        var nonce = AttestationBinding.Nonce(Label, Intent, Signing, Challenge);

        Assert.Equal(nonce, AttestationBinding.Nonce(Label, Intent, Signing, Challenge));
        Assert.Matches("^[0-9a-f]{64}$", nonce);
    }

    [Fact]
    public void changing_any_bound_part_changes_the_nonce()
    {
        var nonce = AttestationBinding.Nonce(Label, Intent, Signing, Challenge);

        Assert.NotEqual(nonce, AttestationBinding.Nonce(RandomNumberGenerator.GetBytes(32), Intent, Signing, Challenge));
        Assert.NotEqual(nonce, AttestationBinding.Nonce(Label, Hash32.Create(RandomNumberGenerator.GetBytes(32)), Signing, Challenge));
        Assert.NotEqual(nonce, AttestationBinding.Nonce(Label, Intent, Bytes32.Create(RandomNumberGenerator.GetBytes(32)), Challenge));
        Assert.NotEqual(nonce, AttestationBinding.Nonce(Label, Intent, Signing, AttestationBinding.NewChallenge()));
    }

    [Fact]
    public void an_empty_label_or_a_short_challenge_is_refused()
    {
        Assert.Throws<ArgumentException>(() => AttestationBinding.Nonce([], Intent, Signing, Challenge));
        Assert.Throws<ArgumentException>(() => AttestationBinding.Nonce(Label, Intent, Signing, new byte[16]));
    }
}
