using Microsoft.Extensions.Options;

namespace Custody.Messaging;

/// <summary>Refuses to start with an unusable <see cref="MessagingOptions"/>.</summary>
internal sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        if (!EventEnvelope.IsValidSource(options.Source))
        {
            return ValidateOptionsResult.Fail($"{MessagingOptions.SectionName}:Source must be a URI-reference naming this service (e.g. //custody/intake), 1-{EventEnvelope.MaxAttributeLength} printable ASCII characters.");
        }

        return MessagingOptions.IsValidMaxDeliveryAttempts(options.MaxDeliveryAttempts)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{MessagingOptions.SectionName}:MaxDeliveryAttempts must be {MessagingOptions.MinDeliveryAttempts}-{MessagingOptions.MaxAllowedDeliveryAttempts}.");
    }
}
