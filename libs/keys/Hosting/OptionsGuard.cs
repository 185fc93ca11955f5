namespace Custody.Keys.Hosting;

/// <summary>Throws one clear exception listing every problem of invalid options.</summary>
internal static class OptionsGuard
{
    public static T EnsureValid<T>(T options)
        where T : class, IValidatedOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0
            ? options
            : throw new ArgumentException($"Invalid {typeof(T).Name}: {string.Join(" ", errors)}", nameof(options));
    }
}
