using Custody.Gcp.Retry;
using Custody.Mpc.Protocol;

namespace Custody.Parties.Channel;

/// <summary>Where a co-signer finds the coordinator and how it redials (docs/parties.md).</summary>
public sealed record CoordinatorOptions
{
    public CoordinatorOptions(Uri address, PartyId coordinator, byte[]? certificateSha256, JitteredBackoff? redial = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("the coordinator address must be https (the party channel runs over TLS)", nameof(address));
        }

        if (!coordinator.IsValid)
        {
            throw new ArgumentException("the coordinator's party id is required", nameof(coordinator));
        }

        if (certificateSha256 is { Length: not 32 })
        {
            throw new ArgumentException("the certificate pin is the SHA-256 of the coordinator's certificate (32 bytes)", nameof(certificateSha256));
        }

        Address = address;
        Coordinator = coordinator;
        CertificateSha256 = certificateSha256;
        Redial = redial ?? new JitteredBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30));
    }

    public Uri Address { get; }

    public PartyId Coordinator { get; }

    public byte[]? CertificateSha256 { get; }

    public JitteredBackoff Redial { get; }
}
